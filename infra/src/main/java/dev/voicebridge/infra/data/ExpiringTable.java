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
 * What the gateway's DynamoDB tables share: a string partition key, on-demand billing, items expired
 * by DynamoDB TTL on {@value #TTL_ATTRIBUTE}, AWS-managed encryption, removed with the stack (TTL
 * expires the items anyway, and nothing in them outlives a call by more than the retention), and
 * grants limited to the table's items. Each subclass owns its keys, its grants and whether its items
 * are worth point-in-time recovery. Built once, at synthesis, on the CDK app's thread.
 */
public abstract sealed class ExpiringTable extends Construct
        permits CallRegistryTable, CallTranscriptTable, CallPlacementTable {

    /** The epoch-seconds attribute DynamoDB TTL deletes items by (call-registry writes it). */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** Whether DynamoDB keeps point-in-time backups of the table. */
    protected enum Recovery {
        POINT_IN_TIME,
        NONE
    }

    private final Table table;

    /**
     * @param partitionKey the string partition key's name
     * @param sortKey the numeric sort key's name, or null for none
     */
    protected ExpiringTable(Construct scope, String id, String partitionKey, String sortKey, Recovery recovery) {
        super(scope, id);
        Table.Builder builder = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name(partitionKey)
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.DESTROY);
        if (sortKey != null) {
            builder.sortKey(
                    Attribute.builder().name(sortKey).type(AttributeType.NUMBER).build());
        }
        if (recovery == Recovery.POINT_IN_TIME) {
            builder.pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                    .pointInTimeRecoveryEnabled(true)
                    .build());
        }
        table = builder.build();
    }

    /** For a subclass's indexes. */
    protected final Table table() {
        return table;
    }

    public final String tableName() {
        return table.getTableName();
    }

    public final String tableArn() {
        return table.getTableArn();
    }

    /** The table's items only. */
    public final PolicyStatement allow(List<String> actions) {
        return PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(tableArn()))
                .build();
    }
}
