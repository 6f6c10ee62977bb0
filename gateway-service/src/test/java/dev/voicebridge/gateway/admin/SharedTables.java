package dev.voicebridge.gateway.admin;

import dev.voicebridge.registry.dynamodb.CallRegistryTables;
import dev.voicebridge.testsupport.DynamoDbLocal;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Fresh registry, transcript and placed-calls tables on the test JVM's DynamoDB Local (test-support
 * {@link DynamoDbLocal}) for gateways that should share them.
 */
public final class SharedTables {

    private SharedTables() {}

    public static URI endpoint() {
        return DynamoDbLocal.endpoint();
    }

    /**
     * Creates a registry table and its transcript and placed-calls tables ({@code name}-transcripts,
     * {@code name}-placements, the gateway's defaults); returns {@code name}.
     */
    public static String newRegistry() {
        String name = "calls-" + UUID.randomUUID();
        try (DynamoDbClient client = DynamoDbLocal.client()) {
            CallRegistryTables.create(client, name, true);
            CallRegistryTables.createTranscripts(client, name + "-transcripts");
            CallRegistryTables.createPlacements(client, name + "-placements");
        }
        return name;
    }
}
