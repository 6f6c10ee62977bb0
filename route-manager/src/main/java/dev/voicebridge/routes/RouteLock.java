package dev.voicebridge.routes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The one lock every origination change takes: a DynamoDB item written only if absent or if its
 * lease ran out. Chime's {@code PutVoiceConnectorOrigination} replaces the whole route list and
 * has no condition, so two read-modify-writes at once would silently lose one host; the lock
 * makes them take turns. The lease (longer than the function's timeout) frees a lock whose holder
 * was killed. Blocking; called on the Lambda invocation's thread.
 */
public final class RouteLock {

    static final String LOCK_ID = "origination-lock";
    private static final Duration POLL = Duration.ofMillis(100);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration lease;
    private final Duration maxWait;
    private final Clock clock;

    public RouteLock(DynamoDbClient dynamo, String table, Duration lease, Duration maxWait, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.lease = lease;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /** Runs {@code change} holding the lock; throws {@link RouteLockBusyException} after the wait. */
    public <T> T withLock(Supplier<T> change) {
        String owner = UUID.randomUUID().toString();
        Instant deadline = clock.instant().plus(maxWait);
        while (!tryAcquire(owner)) {
            if (clock.instant().isAfter(deadline)) {
                throw new RouteLockBusyException("another origination change held " + table + "/" + LOCK_ID
                        + " for more than " + maxWait + "; failing so Lambda retries this event");
            }
            sleep();
        }
        try {
            return change.get();
        } finally {
            release(owner);
        }
    }

    private boolean tryAcquire(String owner) {
        long now = clock.instant().getEpochSecond();
        try {
            dynamo.putItem(put -> put.tableName(table)
                    .item(Map.of(
                            "lockId", AttributeValue.fromS(LOCK_ID),
                            "owner", AttributeValue.fromS(owner),
                            "expiresAt", AttributeValue.fromN(Long.toString(now + lease.toSeconds()))))
                    .conditionExpression("attribute_not_exists(lockId) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    private void release(String owner) {
        try {
            dynamo.deleteItem(delete -> delete.tableName(table)
                    .key(Map.of("lockId", AttributeValue.fromS(LOCK_ID)))
                    .conditionExpression("#owner = :me")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner))));
        } catch (ConditionalCheckFailedException leaseTaken) {
            // Our lease ran out and someone else holds it now: theirs to release.
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouteLockBusyException("interrupted while waiting for the origination lock");
        }
    }
}
