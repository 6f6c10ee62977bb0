package dev.voicebridge.scale;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
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
 * One DynamoDB Local server (in memory, real HTTP on a free loopback port) for the whole test JVM,
 * shared over HTTP with the gateway child processes (their call registry) and the route manager
 * (its lock). The same helper as route-manager's tests: test sources are not shared between modules.
 */
final class DynamoDbLocal {

    private static DynamoDBProxyServer server;
    private static URI endpoint;

    private DynamoDbLocal() {}

    static synchronized URI endpoint() {
        if (server == null) {
            int port = freePort();
            try {
                // -sharedDb: one database whatever the credentials (DynamoDB Local otherwise keeps one
                // per access key and Region), so the gateways and the route manager see the same tables.
                server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port)});
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            }
            endpoint = URI.create("http://127.0.0.1:" + port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        return endpoint;
    }

    static DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A fresh table name, so tests never see each other's items. */
    static String newTable(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
