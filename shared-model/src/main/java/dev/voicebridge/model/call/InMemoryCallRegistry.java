package dev.voicebridge.model.call;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A registry for one process (the gateway without DynamoDB, tests). Each update runs inside
 * {@link ConcurrentHashMap#compute}, so writers of one call are serialized and none is lost.
 * Ended calls are kept up to a bound, oldest evicted first, so a long-running gateway does not grow
 * without limit.
 */
public final class InMemoryCallRegistry implements CallRegistry {

    public static final int DEFAULT_MAX_ENDED_CALLS = 10_000;

    private final ConcurrentHashMap<String, CallStatus> calls = new ConcurrentHashMap<>();
    private final Deque<String> ended = new ArrayDeque<>();
    private final int maxEndedCalls;

    public InMemoryCallRegistry() {
        this(DEFAULT_MAX_ENDED_CALLS);
    }

    public InMemoryCallRegistry(int maxEndedCalls) {
        if (maxEndedCalls < 0) {
            throw new IllegalArgumentException("maxEndedCalls must be >= 0, but was " + maxEndedCalls);
        }
        this.maxEndedCalls = maxEndedCalls;
    }

    @Override
    public Optional<CallStatus> find(String callId) {
        return callId == null ? Optional.empty() : Optional.ofNullable(calls.get(callId));
    }

    @Override
    public List<CallStatus> list(Optional<CallState> filter, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, but was " + limit);
        }
        return calls.values().stream()
                .filter(c -> filter == null || filter.isEmpty() || c.state() == filter.get())
                .sorted(Comparator.comparing(CallStatus::updatedAt).reversed().thenComparing(CallStatus::callId))
                .limit(limit)
                .toList();
    }

    @Override
    public CallStatus update(String callId, UnaryOperator<CallStatus> change, Supplier<CallStatus> ifAbsent) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(change, "change");
        boolean[] newlyEnded = {false};
        CallStatus result = calls.compute(callId, (id, current) -> {
            CallStatus base = current;
            if (base == null) {
                base = ifAbsent == null ? null : ifAbsent.get();
                if (base == null) {
                    throw new NoSuchElementException("no call with id " + id);
                }
            }
            CallStatus next = Objects.requireNonNull(change.apply(base), "the change returned null");
            if (!next.callId().equals(id)) {
                throw new IllegalArgumentException("the change turned call " + id + " into call " + next.callId());
            }
            newlyEnded[0] = next.isEnded() && (current == null || !current.isEnded());
            return next;
        });
        if (newlyEnded[0]) {
            evictOldEnded(callId);
        }
        return result;
    }

    private void evictOldEnded(String callId) {
        synchronized (ended) {
            ended.addLast(callId);
            while (ended.size() > maxEndedCalls) {
                String oldest = ended.removeFirst();
                calls.computeIfPresent(oldest, (id, status) -> status.isEnded() ? null : status);
            }
        }
    }

    public int size() {
        return calls.size();
    }
}
