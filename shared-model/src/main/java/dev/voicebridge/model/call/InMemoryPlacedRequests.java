package dev.voicebridge.model.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The placed-call requests of one process (a gateway without DynamoDB, tests), with the semantics
 * of the DynamoDB store: prompts for {@link #PROMPT_TTL}, Idempotency-Keys claimed atomically (each
 * claim runs inside {@link ConcurrentHashMap#compute}), expiry on the given {@link Clock}. At most
 * {@code maxKeys} live keys: past that a claim is {@link Unavailable} rather than memory growing
 * without bound. Thread-safe; never blocks beyond a map operation.
 */
public final class InMemoryPlacedRequests implements PlacedRequests {

    public static final int DEFAULT_MAX_KEYS = 100_000;

    private record Stored(Prompt prompt, Instant expires) {}

    private record Key(
            String fingerprint, String token, Instant leaseUntil, String callId, String state, Instant expires) {
        boolean placed() {
            return callId != null;
        }
    }

    private final Clock clock;
    private final int maxKeys;
    private final Map<String, Stored> prompts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Key> keys = new ConcurrentHashMap<>();

    public InMemoryPlacedRequests(Clock clock) {
        this(clock, DEFAULT_MAX_KEYS);
    }

    public InMemoryPlacedRequests(Clock clock, int maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, but was " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    @Override
    public void putPrompt(String callId, Prompt prompt) {
        Instant now = clock.instant();
        prompts.values().removeIf(s -> !s.expires().isAfter(now));
        if (!prompt.isEmpty()) {
            prompts.put(callId, new Stored(prompt, now.plus(PROMPT_TTL)));
        }
    }

    @Override
    public Optional<Prompt> prompt(String callId) {
        Stored stored = callId == null ? null : prompts.get(callId);
        return stored == null || !stored.expires().isAfter(clock.instant())
                ? Optional.empty()
                : Optional.of(stored.prompt());
    }

    @Override
    public Claim claim(String key, String fingerprint, Duration ttl) {
        Instant now = clock.instant();
        keys.values().removeIf(k -> !k.expires().isAfter(now));
        if (keys.size() >= maxKeys && !keys.containsKey(key)) {
            throw new Unavailable("too many Idempotency-Keys in use on this gateway; retry later", null);
        }
        String token = UUID.randomUUID().toString();
        Claim[] outcome = new Claim[1];
        keys.compute(key, (k, existing) -> {
            boolean free = existing == null
                    || !existing.expires().isAfter(now)
                    || (!existing.placed()
                            && existing.fingerprint().equals(fingerprint)
                            && !existing.leaseUntil().isAfter(now));
            if (free) {
                outcome[0] = new Claim.Won(key, token);
                return new Key(fingerprint, token, now.plus(CLAIM_LEASE), null, null, now.plus(ttl));
            }
            if (!existing.fingerprint().equals(fingerprint)) {
                outcome[0] = new Claim.Mismatch();
            } else if (existing.placed()) {
                outcome[0] = new Claim.Answered(existing.callId(), existing.state());
            } else {
                outcome[0] = new Claim.Pending();
            }
            return existing;
        });
        return outcome[0];
    }

    @Override
    public boolean complete(Claim.Won claim, String callId, String state) {
        boolean[] done = {false};
        keys.computeIfPresent(claim.key(), (k, existing) -> {
            if (!existing.token().equals(claim.token())) {
                return existing;
            }
            done[0] = true;
            return new Key(
                    existing.fingerprint(), existing.token(), existing.leaseUntil(), callId, state, existing.expires());
        });
        return done[0];
    }

    @Override
    public boolean release(Claim.Won claim) {
        boolean[] done = {false};
        keys.computeIfPresent(claim.key(), (k, existing) -> {
            if (!existing.token().equals(claim.token())) {
                return existing;
            }
            done[0] = true;
            return null;
        });
        return done[0];
    }
}
