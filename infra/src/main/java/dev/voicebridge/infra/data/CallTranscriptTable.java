package dev.voicebridge.infra.data;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * Call transcripts (issue 15): one item per turn, keyed by the call id and the turn's sequence
 * number (call-registry's DynamoDbTranscriptStore, whose README says why), written by every gateway
 * as lines become final and expired by TTL with the call registry's retention.
 */
public final class CallTranscriptTable extends Construct {

    public static final String PARTITION_KEY = "callId";
    public static final String SORT_KEY = "seq";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** What the gateway needs: write a turn, read a call's turns. */
    public static final List<String> GATEWAY_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:Query");

    private final Table table;

    public CallTranscriptTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .sortKey(Attribute.builder()
                        .name(SORT_KEY)
                        .type(AttributeType.NUMBER)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                // As the registry's: expired by TTL anyway, removed with the stack.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    public String tableName() {
        return table.getTableName();
    }

    public String tableArn() {
        return table.getTableArn();
    }

    /** The table's items only. */
    public PolicyStatement allow(List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(tableArn()))
                .build();
    }
}
