package dev.voicebridge.registry.dynamodb;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Where the shared registry lives, as the SMA Lambda and the gateway read it from the environment.
 *
 * @param tableName {@code CALL_REGISTRY_TABLE}
 * @param retention {@code CALL_REGISTRY_TTL_DAYS} (default 7): how long after its last update a call
 *                  stays before DynamoDB TTL may delete it
 * @param endpoint  {@code CALL_REGISTRY_ENDPOINT}, or null for the region's DynamoDB; set it to run
 *                  against DynamoDB Local (e.g. http://localhost:8000)
 */
public record DynamoDbRegistrySettings(String tableName, Duration retention, URI endpoint) {

    public static final String TABLE = "CALL_REGISTRY_TABLE";
    public static final String TTL_DAYS = "CALL_REGISTRY_TTL_DAYS";
    public static final String ENDPOINT = "CALL_REGISTRY_ENDPOINT";
    public static final int DEFAULT_TTL_DAYS = 7;
    /** The transcript table; unset = {@link #transcriptTableFor the registry table's name + "-transcripts"}. */
    public static final String TRANSCRIPT_TABLE = "CALL_TRANSCRIPT_TABLE";
    /** The placed-calls table; unset = {@link #placementTableFor the registry table's name + "-placements"}. */
    public static final String PLACEMENT_TABLE = "CALL_PLACEMENT_TABLE";
    /** How long one request to the placed-calls table may take, retries included. */
    public static final Duration PLACEMENT_CALL_TIMEOUT = Duration.ofSeconds(2);

    public DynamoDbRegistrySettings {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException(TABLE + " must name the call registry table");
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(
                    TTL_DAYS + " must be a positive number of days, but the retention was " + retention);
        }
    }

    /** The settings when {@code CALL_REGISTRY_TABLE} is set, else empty (use an in-memory registry). */
    public static Optional<DynamoDbRegistrySettings> fromEnvironment(Map<String, String> env) {
        String table = env.get(TABLE);
        if (table == null || table.isBlank()) {
            return Optional.empty();
        }
        String days = env.getOrDefault(TTL_DAYS, "");
        int ttlDays;
        try {
            ttlDays = days.isBlank() ? DEFAULT_TTL_DAYS : Integer.parseInt(days.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TTL_DAYS + " must be a whole number of days, but was '" + days + "'");
        }
        if (ttlDays < 1) {
            throw new IllegalArgumentException(TTL_DAYS + " must be at least 1, but was " + ttlDays);
        }
        String endpoint = env.get(ENDPOINT);
        URI uri;
        try {
            uri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENDPOINT + " is not a URI: '" + endpoint + "'");
        }
        return Optional.of(new DynamoDbRegistrySettings(table.trim(), Duration.ofDays(ttlDays), uri));
    }

    /**
     * A DynamoDB client for these settings: region and credentials from the default AWS chains
     * (AWS_REGION, the Lambda or task role), the JDK's HTTP client so no Netty or Apache client is
     * dragged into the Lambda's cold start.
     */
    public DynamoDbClient client() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** The transcript table named by {@code configured}, or the registry table's name + "-transcripts". */
    public String transcriptTableFor(String configured) {
        return configured == null || configured.isBlank() ? tableName + "-transcripts" : configured.strip();
    }

    /** The transcript store next to this registry, with the same retention. */
    public DynamoDbTranscriptStore transcripts(DynamoDbClient client, String transcriptTable, Clock clock) {
        return new DynamoDbTranscriptStore(client, transcriptTableFor(transcriptTable), retention, clock);
    }

    /** The placed-calls table named by {@code configured}, or the registry table's name + "-placements". */
    public String placementTableFor(String configured) {
        return configured == null || configured.isBlank() ? tableName + "-placements" : configured.strip();
    }

    /** The calls API's shared placed-call requests, next to this registry. */
    public DynamoDbPlacedRequests placements(DynamoDbClient client, String placementTable, Clock clock) {
        return new DynamoDbPlacedRequests(client, placementTableFor(placementTable), clock, PLACEMENT_CALL_TIMEOUT);
    }

    public DynamoDbCallRegistry registry(DynamoDbClient client, Clock clock) {
        return new DynamoDbCallRegistry(client, tableName, retention, clock);
    }
}
