package dev.voicebridge.infra.data;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The calls API's placed-call requests (call-registry's DynamoDbPlacedRequests, whose README says
 * why): per call, the instructions, voice and greeting its answered SIP leg needs on whichever
 * gateway it lands (10 min); per Idempotency-Key, the request's fingerprint and the call it placed
 * (GATEWAY_IDEMPOTENCY_TTL). Every item expires by TTL within a day, so no point-in-time recovery.
 */
public final class CallPlacementTable extends Construct {

    public static final String PARTITION_KEY = "pk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /**
     * What the gateway needs: read a prompt or a key's claim (GetItem), store a prompt and claim a key
     * (conditional PutItem), record the call a claim placed (UpdateItem), release a failed claim
     * (DeleteItem). No Query, no Scan.
     */
    public static final List<String> GATEWAY_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

    private final Table table;

    public CallPlacementTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(PARTITION_KEY)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                // Minutes to a day of state, rebuilt by the next request: removed with the stack.
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
