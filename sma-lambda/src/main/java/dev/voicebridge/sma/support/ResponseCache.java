package dev.voicebridge.sma.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last responses this Lambda instance gave, by (TransactionId, Sequence). The SMA re-invokes after 5 s
 * without an answer; when the retry lands on this instance it gets exactly the bytes the first attempt
 * produced, with no second meeting created and no second call-status update. A retry that lands on
 * another instance recomputes the same answer, because responses depend only on the event, the
 * configuration and idempotent AWS calls. Bounded (LRU) so a long-lived instance never grows.
 */
public final class ResponseCache {

    private final Map<String, byte[]> entries;

    public ResponseCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("response cache capacity must be >= 1, got " + capacity);
        }
        this.entries = new LinkedHashMap<>(Math.min(capacity, 64) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<byte[]> get(String transactionId, int sequence) {
        return Optional.ofNullable(entries.get(key(transactionId, sequence)));
    }

    public synchronized void put(String transactionId, int sequence, byte[] response) {
        entries.put(key(transactionId, sequence), response);
    }

    public synchronized int size() {
        return entries.size();
    }

    private static String key(String transactionId, int sequence) {
        return transactionId + '#' + sequence;
    }
}
