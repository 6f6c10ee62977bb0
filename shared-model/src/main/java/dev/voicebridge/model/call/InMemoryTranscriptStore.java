package dev.voicebridge.model.call;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The transcripts of one process (the gateway without DynamoDB, tests), with the semantics of the
 * DynamoDB store: a turn per call and sequence number, a rewrite replaces, reads in sequence order.
 * The transcripts of at most {@code maxCalls} calls are kept, the call first written longest ago
 * dropped first, so a long-running gateway does not grow without limit. Thread-safe.
 */
public final class InMemoryTranscriptStore implements TranscriptStore {

    public static final int DEFAULT_MAX_CALLS = 10_000;

    private final Map<String, ConcurrentSkipListMap<Integer, TranscriptTurn>> calls = new ConcurrentHashMap<>();
    private final Deque<String> order = new ArrayDeque<>();
    private final int maxCalls;

    public InMemoryTranscriptStore() {
        this(DEFAULT_MAX_CALLS);
    }

    public InMemoryTranscriptStore(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be >= 1, but was " + maxCalls);
        }
        this.maxCalls = maxCalls;
    }

    @Override
    public void put(TranscriptTurn turn) {
        Objects.requireNonNull(turn, "turn");
        boolean[] added = {false};
        calls.computeIfAbsent(turn.callId(), id -> {
                    added[0] = true;
                    return new ConcurrentSkipListMap<>();
                })
                .put(turn.seq(), turn);
        if (added[0]) {
            synchronized (order) {
                order.addLast(turn.callId());
                while (order.size() > maxCalls) {
                    calls.remove(order.removeFirst());
                }
            }
        }
    }

    @Override
    public List<TranscriptTurn> turns(String callId) {
        Map<Integer, TranscriptTurn> turns = callId == null ? null : calls.get(callId);
        return turns == null ? List.of() : List.copyOf(turns.values());
    }
}
