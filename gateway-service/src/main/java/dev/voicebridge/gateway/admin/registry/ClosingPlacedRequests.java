package dev.voicebridge.gateway.admin.registry;

import dev.voicebridge.model.call.PlacedRequests;
import dev.voicebridge.registry.dynamodb.DynamoDbPlacedRequests;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB placed-call requests together with the client they own, closed with the application context. */
public final class ClosingPlacedRequests implements PlacedRequests, AutoCloseable {

    private final DynamoDbPlacedRequests store;
    private final DynamoDbClient client;

    ClosingPlacedRequests(DynamoDbPlacedRequests store, DynamoDbClient client) {
        this.store = store;
        this.client = client;
    }

    @Override
    public void putPrompt(String callId, Prompt prompt) {
        store.putPrompt(callId, prompt);
    }

    @Override
    public Optional<Prompt> prompt(String callId) {
        return store.prompt(callId);
    }

    @Override
    public Claim claim(String key, String fingerprint, Duration ttl) {
        return store.claim(key, fingerprint, ttl);
    }

    @Override
    public boolean complete(Claim.Won claim, String callId, String state) {
        return store.complete(claim, callId, state);
    }

    @Override
    public boolean release(Claim.Won claim) {
        return store.release(claim);
    }

    @Override
    public void close() {
        client.close();
    }
}
