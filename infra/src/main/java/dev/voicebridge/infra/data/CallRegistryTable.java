package dev.voicebridge.infra.data;

import java.util.List;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The shared call registry (issue 6): one item per call, keyed by the call id (= the SMA
 * TransactionId), written by the SMA Lambda and every gateway instance with conditional writes,
 * expired by DynamoDB TTL some days after the call ends. Call status only (no audio, no transcripts
 * beyond the admin view), with point-in-time recovery.
 */
public final class CallRegistryTable extends ExpiringTable {

    public static final String PARTITION_KEY = "callId";
    /** The registry lists calls by state through this index (call-registry's CallItems). */
    public static final String STATE_INDEX = "byState";

    public static final String STATE_ATTRIBUTE = "callState";
    public static final String UPDATED_AT_ATTRIBUTE = "updatedAtMs";

    /** What a writer of single items needs (the SMA Lambda). */
    public static final List<String> WRITER_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem");
    /**
     * A writer that also lists calls for the admin API (the gateway). Listing queries the state
     * index, so no Scan: the registry's Scan fallback is only for tables made without the index.
     */
    public static final List<String> ADMIN_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");

    public CallRegistryTable(Construct scope, String id) {
        super(scope, id, PARTITION_KEY, null, Recovery.POINT_IN_TIME);
        table().addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(STATE_INDEX)
                .partitionKey(Attribute.builder()
                        .name(STATE_ATTRIBUTE)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(UPDATED_AT_ATTRIBUTE)
                        .type(AttributeType.NUMBER)
                        .build())
                .projectionType(ProjectionType.ALL)
                .build());
    }

    public String stateIndexArn() {
        return tableArn() + "/index/" + STATE_INDEX;
    }

    /** The table's items and its state index, for a writer that also lists calls. */
    public PolicyStatement allowWithStateIndex(List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(tableArn(), stateIndexArn()))
                .build();
    }
}
