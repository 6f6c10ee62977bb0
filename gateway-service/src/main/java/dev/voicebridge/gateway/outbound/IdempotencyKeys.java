package dev.voicebridge.gateway.outbound;

import dev.voicebridge.model.call.PlacedRequests;
import dev.voicebridge.model.call.PlacedRequests.Claim;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call per Idempotency-Key, across every gateway instance, for the configured TTL: a retried
 * POST (a client timeout, a proxy retry) that lands on any instance answers the first call instead
 * of ringing the person twice. The keys live in the shared {@link PlacedRequests} (DynamoDB with
 * several instances): a key is claimed atomically before anything reaches AWS, so of two requests
 * with one key exactly one places the call. A retry of the same request while the first is still
 * being placed waits up to {@link #IN_FLIGHT_WAIT} for its call, then is told to retry (409, as the
 * IETF httpapi Idempotency-Key draft recommends); another request with the key is a 422. A failed
 * placement releases its key, so a retry may try again. When the store cannot be reached no call is
 * placed (503 with Retry-After): a call that its key cannot protect might ring twice.
 *
 * <p>Owns no state; runs on the calls API's bounded-elastic threads, where waiting and the store's
 * blocking reads are allowed.
 */
final class IdempotencyKeys {

    static final int MAX_KEY_CHARS = 255;
    /** How long a retry waits for the first request with its key to finish placing the call. */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(3);

    private static final Duration POLL = Duration.ofMillis(150);
    private static final int RETRY_AFTER_IN_FLIGHT = 1;
    private static final int RETRY_AFTER_UNAVAILABLE = 5;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

    private final PlacedRequests store;
    private final Duration ttl;
    private final Duration inFlightWait;

    IdempotencyKeys(PlacedRequests store, Duration ttl) {
        this(store, ttl, IN_FLIGHT_WAIT);
    }

    IdempotencyKeys(PlacedRequests store, Duration ttl, Duration inFlightWait) {
        this.store = store;
        this.ttl = ttl;
        this.inFlightWait = inFlightWait;
    }

    /** Refuses a key that is not 1-255 printable ASCII characters (400), before anything else happens. */
    static void check(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_CHARS || key.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new PlaceCallRefused(
                    400, "Idempotency-Key must be 1-" + MAX_KEY_CHARS + " printable ASCII characters");
        }
    }

    CallPlacer.Placed once(String key, PlaceCallRequest request, Supplier<CallPlacer.Placed> place) {
        check(key);
        String fingerprint = request.fingerprint();
        long deadline = System.nanoTime() + inFlightWait.toNanos();
        while (true) {
            Claim claim = claim(key, fingerprint);
            switch (claim) {
                case Claim.Won won -> {
                    return placeUnder(won, place);
                }
                case Claim.Answered(String callId, String state) -> {
                    return new CallPlacer.Placed(callId, state);
                }
                case Claim.Mismatch() ->
                    throw new PlaceCallRefused(
                            422, "Idempotency-Key '" + key + "' was already used for a different call");
                case Claim.Pending() -> {
                    if (System.nanoTime() - deadline >= 0) {
                        throw new PlaceCallRefused(
                                409,
                                "a request with Idempotency-Key '" + key + "' is still placing its call;"
                                        + " retry with the same key to get that call",
                                RETRY_AFTER_IN_FLIGHT);
                    }
                    sleep();
                }
            }
        }
    }

    private Claim claim(String key, String fingerprint) {
        try {
            return store.claim(key, fingerprint, ttl);
        } catch (PlacedRequests.Unavailable e) {
            log.warn("Idempotency-Key not checked, no call placed: {}", describe(e));
            throw new PlaceCallRefused(
                    503,
                    "the call was not placed: " + e.getMessage()
                            + " (without it a retry with this Idempotency-Key could place a second call)",
                    RETRY_AFTER_UNAVAILABLE);
        }
    }

    private CallPlacer.Placed placeUnder(Claim.Won claim, Supplier<CallPlacer.Placed> place) {
        CallPlacer.Placed placed;
        try {
            placed = place.get();
        } catch (RuntimeException e) {
            try {
                store.release(claim);
            } catch (PlacedRequests.Unavailable u) {
                // The key stays pending until its lease ends; a retry meanwhile is told to wait (409).
                log.warn("Idempotency-Key of a failed placement not released: {}", describe(u));
            }
            throw e;
        }
        try {
            if (!store.complete(claim, placed.id(), placed.state())) {
                log.warn("Idempotency-Key was taken over while this request placed call {}", placed.id());
            }
        } catch (PlacedRequests.Unavailable e) {
            // The call rings already: answer it. Retries see the key pending (409) until its lease ends.
            log.error("call {} placed, but its Idempotency-Key could not record it: {}", placed.id(), describe(e));
        }
        return placed;
    }

    private static String describe(PlacedRequests.Unavailable e) {
        return e.getCause() == null ? e.getMessage() : e.getMessage() + " (" + e.getCause() + ")";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaceCallRefused(503, "interrupted while waiting for the first request with this key", 1);
        }
    }
}
