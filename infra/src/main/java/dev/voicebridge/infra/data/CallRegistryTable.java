package dev.voicebridge.infra.data;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The shared call registry (issue 6): one item per call, keyed by the call id (= the SMA
 * TransactionId), written by the SMA Lambda and every gateway instance with conditional writes,
 * expired by DynamoDB TTL some days after the call ends.
 */
public final class CallRegistryTable extends Construct {

    public static final String PARTITION_KEY = "callId";
    public static final String TTL_ATTRIBUTE = "expiresAt";
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

    private final Table table;

    public CallRegistryTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                // Call status only (no audio, no transcripts beyond the admin view) that TTL expires
                // anyway: removed with the stack rather than left behind.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
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

    public String tableName() {
        return table.getTableName();
    }

    public String tableArn() {
        return table.getTableArn();
    }

    public String stateIndexArn() {
        return tableArn() + "/index/" + STATE_INDEX;
    }

    /** The table's items only. */
    public PolicyStatement allow(List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(tableArn()))
                .build();
    }

    /** The table's items and its state index, for a writer that also lists calls. */
    public PolicyStatement allowWithStateIndex(List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(tableArn(), stateIndexArn()))
                .build();
    }
}
