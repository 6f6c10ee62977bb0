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
 * The shared call registry (issue 6): one item per call, keyed by the call id (= the SMA
 * TransactionId), written by the SMA Lambda and every gateway instance with conditional writes,
 * expired by DynamoDB TTL some days after the call ends.
 */
public final class CallRegistryTable extends Construct {

    public static final String PARTITION_KEY = "callId";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** What a writer of single items needs (the SMA Lambda). */
    public static final List<String> WRITER_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem");
    /** A writer that also lists calls for the admin API (the gateway). */
    public static final List<String> ADMIN_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:Scan");

    private final Table table;

    public CallRegistryTable(Construct scope, String id) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                // Call status only (no audio, no transcripts beyond the admin view) that TTL expires
                // anyway: removed with the stack rather than left behind.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    public String tableName() {
        return table.getTableName();
    }

    public String tableArn() {
        return table.getTableArn();
    }

    public PolicyStatement allow(List<String> actions) {
        return PolicyStatement.Builder.create().actions(actions).resources(List.of(tableArn())).build();
    }
}
