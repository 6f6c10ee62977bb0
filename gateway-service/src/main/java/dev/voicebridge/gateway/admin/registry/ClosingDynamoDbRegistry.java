package dev.voicebridge.gateway.admin.registry;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.registry.dynamodb.DynamoDbCallRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB registry together with the client it owns, closed with the application context. */
public final class ClosingDynamoDbRegistry implements CallRegistry, AutoCloseable {

    private final DynamoDbCallRegistry registry;
    private final DynamoDbClient client;

    ClosingDynamoDbRegistry(DynamoDbCallRegistry registry, DynamoDbClient client) {
        this.registry = registry;
        this.client = client;
    }

    @Override
    public Optional<CallStatus> find(String callId) {
        return registry.find(callId);
    }

    @Override
    public List<CallStatus> list(Optional<CallState> filter, int limit) {
        return registry.list(filter, limit);
    }

    @Override
    public CallStatus update(String callId, UnaryOperator<CallStatus> change, Supplier<CallStatus> ifAbsent) {
        return registry.update(callId, change, ifAbsent);
    }

    /** Conditional writes retried after losing a race, for metrics. */
    public long conflicts() {
        return registry.conflicts();
    }

    @Override
    public void close() {
        client.close();
    }
}
