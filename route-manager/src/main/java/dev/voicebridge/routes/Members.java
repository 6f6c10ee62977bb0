package dev.voicebridge.routes;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which host address and Voice Connector each gateway instance joined with, in the lock's table.
 * A terminate lifecycle event names only the instance, so leaving needs this; it is written
 * before the routes change (JOINING), so a crash between the two still lets the host leave. Items
 * expire a day after the host started leaving (TTL on {@code expiresAt}). Blocking; called on the
 * invocation's thread while the {@link RouteLock} is held.
 */
public final class Members {

    public enum State {
        JOINING,
        JOINED,
        LEAVING
    }

    public record Member(String instanceId, String host, String voiceConnectorId, State state) {}

    private static final Duration KEEP_AFTER_LEAVING = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public Members(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public Optional<Member> find(String instanceId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        get -> get.tableName(table).key(key(instanceId)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Member(
                instanceId,
                item.get("host").s(),
                item.get("voiceConnectorId").s(),
                State.valueOf(item.get("state").s())));
    }

    public void put(Member member) {
        Map<String, AttributeValue> item = new HashMap<>(key(member.instanceId()));
        item.put("host", AttributeValue.fromS(member.host()));
        item.put("voiceConnectorId", AttributeValue.fromS(member.voiceConnectorId()));
        item.put("state", AttributeValue.fromS(member.state().name()));
        if (member.state() == State.LEAVING) {
            long expiry = clock.instant().plus(KEEP_AFTER_LEAVING).getEpochSecond();
            item.put("expiresAt", AttributeValue.fromN(Long.toString(expiry)));
        }
        dynamo.putItem(put -> put.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String instanceId) {
        return Map.of("lockId", AttributeValue.fromS("member#" + instanceId));
    }
}
