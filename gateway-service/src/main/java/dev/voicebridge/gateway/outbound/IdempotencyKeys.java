package dev.voicebridge.gateway.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Idempotency-Key → the call it placed, for {@link IdempotencyKeys#ttl}: a retried POST (a client
 * timeout, a proxy retry) answers the first call instead of ringing the person twice. Two requests
 * with one key at once place one call: the second waits for the first. A failed placement forgets
 * its key, so a retry may try again. Kept in this instance's memory (a client retries against the
 * same load-balanced endpoint; a shared store is future work). Touched by request threads.
 */
final class IdempotencyKeys {

    static final int MAX_KEY_CHARS = 255;
    /** Beyond this many live keys new ones are refused rather than memory growing without bound. */
    static final int MAX_KEYS = 100_000;

    private record Entry(PlaceCallRequest request, CompletableFuture<CallPlacer.Placed> call, Instant expires) {}

    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> keys = new ConcurrentHashMap<>();

    IdempotencyKeys(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    CallPlacer.Placed once(String key, PlaceCallRequest request, Supplier<CallPlacer.Placed> place) {
        if (key.isBlank() || key.length() > MAX_KEY_CHARS || key.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new PlaceCallRefused(
                    400, "Idempotency-Key must be 1-" + MAX_KEY_CHARS + " printable ASCII characters");
        }
        Instant now = clock.instant();
        keys.values().removeIf(e -> e.expires().isBefore(now));
        if (keys.size() >= MAX_KEYS) {
            throw new PlaceCallRefused(503, "too many Idempotency-Keys in use; retry later", 60);
        }
        Entry mine = new Entry(request, new CompletableFuture<>(), now.plus(ttl));
        Entry first = keys.putIfAbsent(key, mine);
        if (first != null) {
            if (!first.request().equals(request)) {
                throw new PlaceCallRefused(422, "Idempotency-Key '" + key + "' was already used for a different call");
            }
            return await(first.call());
        }
        try {
            CallPlacer.Placed placed = place.get();
            mine.call().complete(placed);
            return placed;
        } catch (RuntimeException e) {
            keys.remove(key, mine);
            mine.call().completeExceptionally(e);
            throw e;
        }
    }

    private static CallPlacer.Placed await(CompletableFuture<CallPlacer.Placed> call) {
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaceCallRefused(503, "interrupted while waiting for the first request with this key", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
