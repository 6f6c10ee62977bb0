package dev.voicebridge.registry.dynamodb;

import dev.voicebridge.model.call.TranscriptStore;
import dev.voicebridge.model.call.TranscriptTurn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Call transcripts on DynamoDB, one item per turn in a table of their own: partition key
 * {@value #PARTITION_KEY} (the call's registry id), sort key {@value #SORT_KEY} (the turn's place in
 * the call). A turn is written once it is final and written again, whole, if the caller's
 * interruption cuts it afterwards, so every write is a plain PutItem of a small item: no item grows
 * with the call (DynamoDB's 400 KB item limit), no read-modify-write, and one strongly consistent
 * Query, sorted by the key, reads a call's transcript back.
 *
 * <p><b>Expiry.</b> Each turn's {@value #TTL_ATTRIBUTE} is the time of its write (by this store's
 * {@link Clock}) + the registry's retention + {@link #GRACE}: the call record expires one retention
 * after its last write (the call's end), so turns written during the call need the grace to outlive
 * it for calls up to a day long. Reads treat a turn past its expiry as gone, as the registry does.
 *
 * <p>Thread-safe (the SDK client is); the gateway writes from virtual threads, one call's turns in
 * order.
 */
public final class DynamoDbTranscriptStore implements TranscriptStore {

    public static final String PARTITION_KEY = "callId";
    public static final String SORT_KEY = "seq";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    static final String SPEAKER = "speaker";
    static final String TEXT = "text";
    static final String AT = "at";
    static final String INTERRUPTED = "interrupted";

    /** Added to the retention so a turn written early in a call outlives the call's own record. */
    public static final Duration GRACE = Duration.ofDays(1);

    private final DynamoDbClient client;
    private final String tableName;
    private final Duration retention;
    private final Clock clock;

    public DynamoDbTranscriptStore(DynamoDbClient client, String tableName, Duration retention, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the transcript table name (CALL_TRANSCRIPT_TABLE) must be set");
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the transcript retention must be positive, but was " + retention);
        }
        this.tableName = tableName;
        this.retention = retention;
    }

    @Override
    public void put(TranscriptTurn turn) {
        Objects.requireNonNull(turn, "turn");
        long expiresAt = clock.instant().plus(retention).plus(GRACE).getEpochSecond();
        client.putItem(r -> r.tableName(tableName)
                .item(Map.of(
                        PARTITION_KEY, AttributeValue.fromS(turn.callId()),
                        SORT_KEY, AttributeValue.fromN(Integer.toString(turn.seq())),
                        SPEAKER, AttributeValue.fromS(turn.speaker().name()),
                        TEXT, AttributeValue.fromS(turn.text()),
                        AT, AttributeValue.fromS(turn.at().toString()),
                        INTERRUPTED, AttributeValue.fromBool(turn.interrupted()),
                        TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(expiresAt)))));
    }

    @Override
    public List<TranscriptTurn> turns(String callId) {
        if (callId == null || callId.isBlank()) {
            return List.of();
        }
        List<TranscriptTurn> turns = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(callId)))
                    .consistentRead(true);
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = client.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue expires = item.get(TTL_ATTRIBUTE);
                if (expires == null
                        || Instant.ofEpochSecond(Long.parseLong(expires.n())).isAfter(now)) {
                    turns.add(turn(callId, item));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && turns.size() < MAX_TURNS_PER_CALL);
        return turns;
    }

    public String tableName() {
        return tableName;
    }

    private static TranscriptTurn turn(String callId, Map<String, AttributeValue> item) {
        AttributeValue interrupted = item.get(INTERRUPTED);
        return new TranscriptTurn(
                callId,
                Integer.parseInt(item.get(SORT_KEY).n()),
                TranscriptTurn.Speaker.valueOf(item.get(SPEAKER).s()),
                item.get(TEXT).s(),
                Instant.parse(item.get(AT).s()),
                interrupted != null && Boolean.TRUE.equals(interrupted.bool()));
    }
}
