package dev.voicebridge.gateway.admin;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.voicebridge.registry.dynamodb.CallRegistryTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One DynamoDB Local server (in memory, real HTTP on a free loopback port) for the test JVM, and
 * fresh registry and transcript tables on it for gateways that should share them.
 */
final class SharedTables {

    private static DynamoDBProxyServer server;
    private static URI endpoint;

    private SharedTables() {}

    static synchronized URI endpoint() {
        if (server == null) {
            int port = freePort();
            try {
                server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port)});
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            }
            endpoint = URI.create("http://127.0.0.1:" + port);
        }
        return endpoint;
    }

    /** Creates a registry table and its transcript table ({@code name}-transcripts); returns {@code name}. */
    static String newRegistry() {
        String name = "calls-" + UUID.randomUUID();
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            CallRegistryTables.create(client, name, true);
            CallRegistryTables.createTranscripts(client, name + "-transcripts");
        }
        return name;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
