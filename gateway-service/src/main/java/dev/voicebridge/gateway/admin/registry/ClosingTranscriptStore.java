package dev.voicebridge.gateway.admin.registry;

import dev.voicebridge.model.call.TranscriptStore;
import dev.voicebridge.model.call.TranscriptTurn;
import dev.voicebridge.registry.dynamodb.DynamoDbTranscriptStore;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB transcript store together with the client it owns, closed with the application context. */
public final class ClosingTranscriptStore implements TranscriptStore, AutoCloseable {

    private final DynamoDbTranscriptStore store;
    private final DynamoDbClient client;

    ClosingTranscriptStore(DynamoDbTranscriptStore store, DynamoDbClient client) {
        this.store = store;
        this.client = client;
    }

    @Override
    public void put(TranscriptTurn turn) {
        store.put(turn);
    }

    @Override
    public List<TranscriptTurn> turns(String callId) {
        return store.turns(callId);
    }

    @Override
    public void close() {
        client.close();
    }
}
