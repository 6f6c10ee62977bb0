package dev.voicebridge.registry.dynamodb;

import dev.voicebridge.model.call.PlacedRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The calls API's placed-call requests on DynamoDB, shared by every gateway instance, in one table
 * of small items under partition key {@value #PARTITION_KEY}: {@code call#<callId>} holds a placed
 * call's {@link Prompt}, {@code key#<Idempotency-Key>} a key's claim (the request's fingerprint, the
 * claimant's token and lease, then the call it placed). The prefixes keep a key that happens to look
 * like a call id from ever meeting that call's prompt.
 *
 * <p><b>Claims.</b> A claim is one PutItem conditioned on the key being free: absent, expired, or a
 * pending claim of the same request whose lease ran out. DynamoDB evaluates the condition and the
 * write atomically, so of concurrent claimants on any number of instances exactly one wins; a loser
 * reads the item (strongly consistent) to learn why. Completing and releasing are conditioned on the
 * winner's token, so a claim taken over after its lease is never overwritten by its old owner.
 *
 * <p><b>Expiry.</b> Every item carries {@value #TTL_ATTRIBUTE} (epoch seconds, by this store's
 * {@link Clock}) for DynamoDB TTL, which deletes only eventually; reads and claims treat an item past
 * it as absent.
 *
 * <p><b>Failures.</b> Every request carries {@code callTimeout} as its API-call timeout (the SDK's
 * retries included), so a caller waits at most that long; any SDK failure becomes {@link
 * Unavailable}. Thread-safe (the SDK client is); blocking, so never called on an event loop or the
 * media clock.
 */
public final class DynamoDbPlacedRequests implements PlacedRequests {

    public static final String PARTITION_KEY = "pk";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    static final String CALL_PREFIX = "call#";
    static final String KEY_PREFIX = "key#";
    static final String INSTRUCTIONS = "instructions";
    static final String VOICE = "voice";
    static final String GREETING = "greeting";
    static final String FINGERPRINT = "fingerprint";
    static final String TOKEN = "token";
    static final String LEASE_UNTIL = "leaseUntilMs";
    static final String CALL_ID = "callId";
    static final String CALL_STATE = "callState";

    /** A free key may be claimed and lost again (released, or expired) between a claim and its read. */
    private static final int CLAIM_ATTEMPTS = 3;

    private static final String UNREACHABLE =
            "the shared store of placed calls (DynamoDB) could not be reached; retry later";

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;
    private final Duration callTimeout;

    /**
     * @param callTimeout how long one request may take, the SDK's retries included
     */
    public DynamoDbPlacedRequests(DynamoDbClient client, String tableName, Clock clock, Duration callTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the placed-calls table name (CALL_PLACEMENT_TABLE) must be set");
        }
        if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive, but was " + callTimeout);
        }
        this.tableName = tableName;
        this.callTimeout = callTimeout;
    }

    @Override
    public void putPrompt(String callId, Prompt prompt) {
        Objects.requireNonNull(callId, "callId");
        if (prompt.isEmpty()) {
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PARTITION_KEY, AttributeValue.fromS(CALL_PREFIX + callId));
        putIfSet(item, INSTRUCTIONS, prompt.instructions());
        putIfSet(item, VOICE, prompt.voice());
        putIfSet(item, GREETING, prompt.greeting());
        item.put(TTL_ATTRIBUTE, seconds(clock.instant().plus(PROMPT_TTL)));
        call(() -> client.putItem(
                r -> r.tableName(tableName).item(item).overrideConfiguration(o -> o.apiCallTimeout(callTimeout))));
    }

    @Override
    public Optional<Prompt> prompt(String callId) {
        if (callId == null || callId.isBlank()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = read(CALL_PREFIX + callId);
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new Prompt(text(item, INSTRUCTIONS), text(item, VOICE), text(item, GREETING)));
    }

    @Override
    public Claim claim(String key, String fingerprint, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            String token = UUID.randomUUID().toString();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PARTITION_KEY, AttributeValue.fromS(KEY_PREFIX + key));
            item.put(FINGERPRINT, AttributeValue.fromS(fingerprint));
            item.put(TOKEN, AttributeValue.fromS(token));
            item.put(
                    LEASE_UNTIL,
                    AttributeValue.fromN(Long.toString(now.plus(CLAIM_LEASE).toEpochMilli())));
            item.put(TTL_ATTRIBUTE, seconds(now.plus(ttl)));
            boolean won = call(() -> {
                try {
                    client.putItem(r -> r.tableName(tableName)
                            .item(item)
                            .conditionExpression("attribute_not_exists(#pk) OR #exp <= :now"
                                    + " OR (attribute_not_exists(#call) AND #fp = :fp AND #lease <= :nowMs)")
                            .expressionAttributeNames(Map.of(
                                    "#pk", PARTITION_KEY,
                                    "#exp", TTL_ATTRIBUTE,
                                    "#call", CALL_ID,
                                    "#fp", FINGERPRINT,
                                    "#lease", LEASE_UNTIL))
                            .expressionAttributeValues(Map.of(
                                    ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                                    ":fp", AttributeValue.fromS(fingerprint),
                                    ":nowMs", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
                            .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
                    return true;
                } catch (ConditionalCheckFailedException e) {
                    return false;
                }
            });
            if (won) {
                return new Claim.Won(key, token);
            }
            Map<String, AttributeValue> held = read(KEY_PREFIX + key);
            if (held == null) {
                continue; // released or expired since: claim again
            }
            if (!fingerprint.equals(text(held, FINGERPRINT))) {
                return new Claim.Mismatch();
            }
            String callId = text(held, CALL_ID);
            return callId != null ? new Claim.Answered(callId, text(held, CALL_STATE)) : new Claim.Pending();
        }
        return new Claim.Pending();
    }

    @Override
    public boolean complete(Claim.Won claim, String callId, String state) {
        return call(() -> {
            try {
                client.updateItem(r -> r.tableName(tableName)
                        .key(Map.of(PARTITION_KEY, AttributeValue.fromS(KEY_PREFIX + claim.key())))
                        .updateExpression("SET #call = :call, #state = :state")
                        .conditionExpression("#token = :token")
                        .expressionAttributeNames(Map.of("#call", CALL_ID, "#state", CALL_STATE, "#token", TOKEN))
                        .expressionAttributeValues(Map.of(
                                ":call", AttributeValue.fromS(callId),
                                ":state", AttributeValue.fromS(state),
                                ":token", AttributeValue.fromS(claim.token())))
                        .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    @Override
    public boolean release(Claim.Won claim) {
        return call(() -> {
            try {
                client.deleteItem(r -> r.tableName(tableName)
                        .key(Map.of(PARTITION_KEY, AttributeValue.fromS(KEY_PREFIX + claim.key())))
                        .conditionExpression("#token = :token")
                        .expressionAttributeNames(Map.of("#token", TOKEN))
                        .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(claim.token())))
                        .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    public String tableName() {
        return tableName;
    }

    /** The item under {@code pk}, strongly consistent, or null when absent or expired. */
    private Map<String, AttributeValue> read(String pk) {
        Map<String, AttributeValue> item = call(() -> client.getItem(r -> r.tableName(tableName)
                        .key(Map.of(PARTITION_KEY, AttributeValue.fromS(pk)))
                        .consistentRead(true)
                        .overrideConfiguration(o -> o.apiCallTimeout(callTimeout))))
                .item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        AttributeValue expires = item.get(TTL_ATTRIBUTE);
        if (expires != null && Long.parseLong(expires.n()) <= clock.instant().getEpochSecond()) {
            return null;
        }
        return item;
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new Unavailable(UNREACHABLE, e);
        }
    }

    private static AttributeValue seconds(Instant at) {
        return AttributeValue.fromN(Long.toString(at.getEpochSecond()));
    }

    private static void putIfSet(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
