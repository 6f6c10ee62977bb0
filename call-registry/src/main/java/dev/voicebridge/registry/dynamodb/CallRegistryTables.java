package dev.voicebridge.registry.dynamodb;

import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the registry, transcript and placed-calls tables for local development and tests (DynamoDB Local). In
 * AWS the tables come from the CDK stack (infra's CallRegistryTable), which must match this layout.
 */
public final class CallRegistryTables {

    private CallRegistryTables() {}

    /**
     * Creates {@code tableName} with the {@value CallItems#STATE_INDEX} index (or without it, to run
     * the Scan fallback), waits until it is active and turns TTL on. An existing table is left as it is.
     */
    public static void create(DynamoDbClient client, String tableName, boolean withStateIndex) {
        createWithTtl(client, tableName, CallItems.TTL_ATTRIBUTE, request -> {
            request.keySchema(key(CallItems.PARTITION_KEY, KeyType.HASH));
            if (withStateIndex) {
                request.attributeDefinitions(
                                attribute(CallItems.PARTITION_KEY, ScalarAttributeType.S),
                                attribute(CallItems.STATE, ScalarAttributeType.S),
                                attribute(CallItems.UPDATED_AT_MS, ScalarAttributeType.N))
                        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                                .indexName(CallItems.STATE_INDEX)
                                .keySchema(
                                        key(CallItems.STATE, KeyType.HASH), key(CallItems.UPDATED_AT_MS, KeyType.RANGE))
                                .projection(Projection.builder()
                                        .projectionType(ProjectionType.ALL)
                                        .build())
                                .build());
            } else {
                request.attributeDefinitions(attribute(CallItems.PARTITION_KEY, ScalarAttributeType.S));
            }
        });
    }

    /**
     * Creates the transcript table of {@link DynamoDbTranscriptStore} (partition {@code callId} S,
     * sort {@code seq} N), waits until it is active and turns TTL on. An existing table is left as it is.
     */
    public static void createTranscripts(DynamoDbClient client, String tableName) {
        createWithTtl(
                client,
                tableName,
                DynamoDbTranscriptStore.TTL_ATTRIBUTE,
                request -> request.keySchema(
                                key(DynamoDbTranscriptStore.PARTITION_KEY, KeyType.HASH),
                                key(DynamoDbTranscriptStore.SORT_KEY, KeyType.RANGE))
                        .attributeDefinitions(
                                attribute(DynamoDbTranscriptStore.PARTITION_KEY, ScalarAttributeType.S),
                                attribute(DynamoDbTranscriptStore.SORT_KEY, ScalarAttributeType.N)));
    }

    /**
     * Creates the table of {@link DynamoDbPlacedRequests} (partition {@code pk} S, no sort key),
     * waits until it is active and turns TTL on. An existing table is left as it is.
     */
    public static void createPlacements(DynamoDbClient client, String tableName) {
        createWithTtl(
                client,
                tableName,
                DynamoDbPlacedRequests.TTL_ATTRIBUTE,
                request -> request.keySchema(key(DynamoDbPlacedRequests.PARTITION_KEY, KeyType.HASH))
                        .attributeDefinitions(attribute(DynamoDbPlacedRequests.PARTITION_KEY, ScalarAttributeType.S)));
    }

    /**
     * Creates an on-demand table with the keys {@code keys} sets, waits until it is active and turns
     * TTL on {@code ttlAttribute}. An existing table is left as it is (tests and instances sharing
     * DynamoDB Local create it again).
     */
    private static void createWithTtl(
            DynamoDbClient client, String tableName, String ttlAttribute, Consumer<CreateTableRequest.Builder> keys) {
        CreateTableRequest.Builder request =
                CreateTableRequest.builder().tableName(tableName).billingMode(BillingMode.PAY_PER_REQUEST);
        keys.accept(request);
        try {
            client.createTable(request.build());
        } catch (ResourceInUseException e) {
            return;
        }
        client.waiter().waitUntilTableExists(r -> r.tableName(tableName));
        client.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(ttl -> ttl.attributeName(ttlAttribute).enabled(true)));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }
}
