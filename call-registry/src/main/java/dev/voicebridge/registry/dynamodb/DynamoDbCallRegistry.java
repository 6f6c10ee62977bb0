package dev.voicebridge.registry.dynamodb;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallRegistryUnavailableException;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import java.lang.invoke.MethodHandles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.BeanTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.BeanTableSchemaParams;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The call registry on DynamoDB, shared by the SMA Lambda and every gateway instance so an admin
 * asking any instance sees every call.
 *
 * <p><b>Concurrency.</b> An update is an optimistic read-modify-write: a strongly consistent read,
 * the caller's change, and a put conditioned on the version that was read (or on the item not
 * existing yet). When another writer got there first the put fails with
 * ConditionalCheckFailed and the whole read-modify-write runs again on the newer status, so a
 * transition is never written over. The version stored always grows by at least one per write,
 * even if a change forgot to bump it.
 *
 * <p><b>Listing.</b> By the global secondary index {@value CallItems#STATE_INDEX} (partition key
 * {@value CallItems#STATE}, sort key {@value CallItems#UPDATED_AT_MS}): one Query per state, newest
 * first, reading only the items returned. A Scan would read (and bill) the whole table, days of
 * ended calls, to show the few live ones, and could not return them newest first. When the table
 * has no such index the registry says so once in the log and falls back to a bounded Scan. Index
 * reads are eventually consistent: a call changed a moment ago may briefly show its previous state
 * in a list; {@link #find} is always strongly consistent.
 *
 * <p><b>Expiry.</b> Every write sets {@value CallItems#TTL_ATTRIBUTE} to the time of the write
 * (by this registry's {@link Clock}) + retention, in epoch seconds, for DynamoDB TTL. DynamoDB
 * deletes expired items only eventually (typically within days), so reads treat an item past its
 * expiry as gone: a call is visible for exactly one retention after its last write, whenever TTL
 * gets to it.
 */
public final class DynamoDbCallRegistry implements CallRegistry {

    /** Read-modify-write attempts before an update gives up: enough for dozens of writers on one call. */
    public static final int MAX_ATTEMPTS = 25;
    /** The most items a Scan fallback reads for one list. */
    static final int MAX_SCANNED = 5_000;

    private static final Logger log = LoggerFactory.getLogger(DynamoDbCallRegistry.class);
    private static final TableSchema<CallItem> SCHEMA =
            BeanTableSchema.create(BeanTableSchemaParams.builder(CallItem.class)
                    .lookup(MethodHandles.lookup())
                    .build());

    private final DynamoDbTable<CallItem> table;
    private final DynamoDbIndex<CallItem> byState;
    private final Duration retention;
    private final Clock clock;
    private final AtomicLong conflicts = new AtomicLong();
    private volatile boolean indexMissing;

    /**
     * @param client    a DynamoDB client (its region, credentials and HTTP client are the caller's)
     * @param tableName the table ({@code CALL_REGISTRY_TABLE})
     * @param retention how long a call stays after its last update before TTL may delete it
     * @param clock     the time of each write, and the "now" that expiry is judged against
     */
    public DynamoDbCallRegistry(DynamoDbClient client, String tableName, Duration retention, Clock clock) {
        Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("the call registry table name (CALL_REGISTRY_TABLE) must be set");
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the call registry retention must be positive, but was " + retention);
        }
        DynamoDbEnhancedClient enhanced =
                DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
        this.table = enhanced.table(tableName, SCHEMA);
        this.byState = table.index(CallItems.STATE_INDEX);
        this.retention = retention;
    }

    @Override
    public Optional<CallStatus> find(String callId) {
        if (callId == null || callId.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(read(callId)).filter(this::live).map(CallItems::toStatus);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public CallStatus update(String callId, UnaryOperator<CallStatus> change, Supplier<CallStatus> ifAbsent) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(change, "change");
        try {
            return updateOrThrow(callId, change, ifAbsent);
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private CallStatus updateOrThrow(String callId, UnaryOperator<CallStatus> change, Supplier<CallStatus> ifAbsent) {
        for (int attempt = 1; ; attempt++) {
            CallItem stored = read(callId);
            // An expired item not yet deleted by TTL is overwritten as if absent, conditioned on its version.
            CallStatus current = stored == null || !live(stored) ? null : CallItems.toStatus(stored);
            CallStatus base = current;
            if (base == null) {
                base = ifAbsent == null ? null : ifAbsent.get();
                if (base == null) {
                    throw new NoSuchElementException("no call with id " + callId);
                }
            }
            CallStatus next = Objects.requireNonNull(change.apply(base), "the change returned null");
            if (!next.callId().equals(callId)) {
                throw new IllegalArgumentException("the change turned call " + callId + " into call " + next.callId());
            }
            if (current != null && next.equals(current)) {
                return current; // nothing changed: no write, no version bump
            }
            long storedVersion = stored == null || stored.getVersion() == null ? 0 : stored.getVersion();
            if (stored != null && next.version() <= storedVersion) {
                next = withVersion(next, storedVersion + 1);
            }
            try {
                table.putItem(PutItemEnhancedRequest.builder(CallItem.class)
                        .item(CallItems.toItem(next, clock.instant().plus(retention)))
                        .conditionExpression(stored == null ? absent() : versionIs(storedVersion))
                        .build());
                return next;
            } catch (ConditionalCheckFailedException e) {
                conflicts.incrementAndGet();
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException(
                            "call " + callId + " changed under " + MAX_ATTEMPTS
                                    + " update attempts in a row; giving up on this update",
                            e);
                }
                backOff(attempt);
            }
        }
    }

    @Override
    public List<CallStatus> list(Optional<CallState> filter, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, but was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        Optional<CallState> state = filter == null ? Optional.empty() : filter;
        try {
            return listOrThrow(state, limit);
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private List<CallStatus> listOrThrow(Optional<CallState> state, int limit) {
        if (!indexMissing) {
            try {
                return listByIndex(state, limit);
            } catch (DynamoDbException e) {
                if (e instanceof ResourceNotFoundException || !isMissingIndex(e)) {
                    throw e;
                }
                indexMissing = true;
                log.warn(
                        "call registry table {} has no index {}; listing calls falls back to a Scan of at most {}"
                                + " items. Add the index (see call-registry/README.md) for large tables.",
                        table.tableName(),
                        CallItems.STATE_INDEX,
                        MAX_SCANNED);
            }
        }
        return listByScan(state, limit);
    }

    /** Conditional writes that lost a race and were retried, since start. */
    public long conflicts() {
        return conflicts.get();
    }

    public String tableName() {
        return table.tableName();
    }

    public Duration retention() {
        return retention;
    }

    /** False once the item's TTL has passed, even while DynamoDB has not deleted it yet. */
    private boolean live(CallItem item) {
        Long expiresAt = item.getExpiresAt();
        return expiresAt == null || Instant.ofEpochSecond(expiresAt).isAfter(clock.instant());
    }

    private CallItem read(String callId) {
        return table.getItem(
                r -> r.key(Key.builder().partitionValue(callId).build()).consistentRead(true));
    }

    private List<CallStatus> listByIndex(Optional<CallState> filter, int limit) {
        List<CallState> states = filter.map(List::of).orElse(List.of(CallState.values()));
        List<CallStatus> found = new ArrayList<>();
        for (CallState state : states) {
            QueryEnhancedRequest query = QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(state.name())))
                    .scanIndexForward(false)
                    .limit(limit)
                    .build();
            int taken = 0;
            for (Page<CallItem> page : byState.query(query)) {
                for (CallItem item : page.items()) {
                    if (live(item)) {
                        found.add(CallItems.toStatus(item));
                        taken++;
                    }
                }
                if (taken >= limit) {
                    break;
                }
            }
        }
        return newestFirst(found, limit);
    }

    private List<CallStatus> listByScan(Optional<CallState> filter, int limit) {
        ScanEnhancedRequest.Builder scan = ScanEnhancedRequest.builder().limit(Math.min(MAX_SCANNED, 1000));
        filter.ifPresent(state -> scan.filterExpression(Expression.builder()
                .expression("#s = :s")
                .putExpressionName("#s", CallItems.STATE)
                .putExpressionValue(":s", AttributeValue.fromS(state.name()))
                .build()));
        List<CallStatus> found = new ArrayList<>();
        int scanned = 0;
        for (Page<CallItem> page : table.scan(scan.build())) {
            page.items().stream().filter(this::live).forEach(item -> found.add(CallItems.toStatus(item)));
            scanned += page.scannedCount() == null ? page.items().size() : page.scannedCount();
            if (scanned >= MAX_SCANNED) {
                break;
            }
        }
        return newestFirst(found, limit);
    }

    private static List<CallStatus> newestFirst(List<CallStatus> calls, int limit) {
        return calls.stream()
                .sorted(Comparator.comparing(CallStatus::updatedAt).reversed().thenComparing(CallStatus::callId))
                .limit(limit)
                .toList();
    }

    /** What the store said, naming the table, without the SDK's request ids and stack. */
    private CallRegistryUnavailableException unavailable(SdkException e) {
        String name = table.tableName();
        if (e instanceof ResourceNotFoundException) {
            return new CallRegistryUnavailableException(
                    "call registry table '" + name + "' does not exist (CALL_REGISTRY_TABLE): create it (infra) or fix"
                            + " the name",
                    e);
        }
        String said = e instanceof DynamoDbException d && d.awsErrorDetails() != null
                ? d.awsErrorDetails().errorCode() + ": " + d.awsErrorDetails().errorMessage()
                : e.getMessage();
        return new CallRegistryUnavailableException("call registry table '" + name + "' could not be used: " + said, e);
    }

    private static boolean isMissingIndex(DynamoDbException e) {
        String message = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        return e.statusCode() == 400 && message != null && message.toLowerCase().contains("index");
    }

    private static Expression absent() {
        return Expression.builder()
                .expression("attribute_not_exists(#id)")
                .putExpressionName("#id", CallItems.PARTITION_KEY)
                .build();
    }

    private static Expression versionIs(long version) {
        return Expression.builder()
                .expression("#v = :v")
                .putExpressionName("#v", CallItems.VERSION)
                .putExpressionValue(":v", AttributeValue.fromN(Long.toString(version)))
                .build();
    }

    private static CallStatus withVersion(CallStatus s, long version) {
        return new CallStatus(
                s.callId(),
                s.smaTransactionId(),
                s.sipMediaApplicationId(),
                s.from(),
                s.to(),
                s.direction(),
                s.state(),
                s.history(),
                s.endReason(),
                s.legs(),
                s.metadata(),
                s.recording(),
                s.createdAt(),
                s.updatedAt(),
                version);
    }

    /** Jittered, growing pause so writers that collided do not collide again in lockstep. */
    private static void backOff(int attempt) {
        long maxMillis = Math.min(50, 2L << Math.min(attempt, 5));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a call registry update", e);
        }
    }
}
