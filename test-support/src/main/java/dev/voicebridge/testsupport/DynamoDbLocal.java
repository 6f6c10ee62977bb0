package dev.voicebridge.testsupport;

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
 * so tests go through the same SDK, HTTP and error-unmarshalling path as production, and other
 * processes (the scale-in test's gateways) can share it. Started on first use; safe from any thread.
 * The JVM needs {@code sqlite4java.library.path} pointing at sqlite4java's native library (each
 * module's pom copies it out of the test dependencies).
 */
public final class DynamoDbLocal {

    private static DynamoDBProxyServer server;
    private static URI endpoint;

    private DynamoDbLocal() {}

    public static synchronized URI endpoint() {
        if (server == null) {
            int port = freePort();
            try {
                // -sharedDb: one database whatever the credentials (DynamoDB Local otherwise keeps one
                // per access key and Region), so every client and child process sees the same tables.
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

    public static DynamoDbClient client() {
        return clientFor(endpoint());
    }

    /**
     * A client of the same kind for a loopback port where nothing listens (one just closed): every
     * request fails to connect, as when DynamoDB cannot be reached. The caller closes it.
     */
    public static DynamoDbClient unreachableClient() {
        return clientFor(URI.create("http://127.0.0.1:" + freePort()));
    }

    private static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A fresh table name, so tests never see each other's items. */
    public static String newTable(String prefix) {
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
