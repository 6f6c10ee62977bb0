package dev.voicebridge.model.call;

import java.time.Duration;
import java.util.Optional;

/**
 * What the calls API ({@code POST /api/calls}) must share between gateway instances about the calls
 * it places, because the next request or the answered call's SIP leg may reach another instance:
 *
 * <ul>
 *   <li>per call id (the SMA TransactionId): the {@link Prompt} its request asked for, which the SIP
 *       leg applies when the answered call is bridged, kept {@link #PROMPT_TTL};
 *   <li>per Idempotency-Key: the request's fingerprint and the call it placed, kept for the TTL the
 *       caller of {@link #claim} names, so a retry on any instance answers the first call.
 * </ul>
 *
 * <p>An Idempotency-Key goes through {@link #claim} (exactly one of concurrent claimants wins), then
 * {@link #complete} once the call is placed or {@link #release} when placing it failed, so a retry may
 * try again. A claim that is neither completed nor released (its instance died while placing) is
 * taken over by a claim of the same request after {@link #CLAIM_LEASE}.
 *
 * <p>Implementations are thread-safe. The shared one blocks on the network: never call it on an
 * event loop or the media clock. Every operation may throw {@link Unavailable}.
 */
public interface PlacedRequests {

    /** Longer than the SMA's ringing timeout plus the bridge; an older prompt is a call that never came. */
    Duration PROMPT_TTL = Duration.ofMinutes(10);

    /**
     * How long a claim may stay pending before a claim of the same request takes it over: far longer
     * than any CreateSipMediaApplicationCall with the SDK's retries, so only a claim whose instance
     * died in the middle is taken over.
     */
    Duration CLAIM_LEASE = Duration.ofMinutes(5);

    /** The assistant settings a placed call's request asked for; null = the profile's. */
    record Prompt(String instructions, String voice, String greeting) {
        public boolean isEmpty() {
            return instructions == null && voice == null && greeting == null;
        }
    }

    /** What {@link #claim} found. */
    sealed interface Claim {

        /** The key is this claimant's: place the call, then {@link #complete} or {@link #release}. */
        record Won(String key, String token) implements Claim {}

        /** The same request placed this call under the key before: answer it. */
        record Answered(String callId, String state) implements Claim {}

        /** The same request is being placed under the key right now (another thread or instance). */
        record Pending() implements Claim {}

        /** The key was used for a different request. */
        record Mismatch() implements Claim {}
    }

    /** The store cannot be reached or refused to work; nothing was changed that the caller must undo. */
    final class Unavailable extends RuntimeException {

        /** @param message safe to show a client: names no table, host or AWS request */
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Keeps a placed call's prompt for {@link #PROMPT_TTL}; an empty prompt is not stored. */
    void putPrompt(String callId, Prompt prompt);

    /** The prompt of a call placed less than {@link #PROMPT_TTL} ago, if its request had one. */
    Optional<Prompt> prompt(String callId);

    /**
     * Claims {@code key} for the request whose fingerprint is {@code fingerprint}, for {@code ttl}.
     * Atomic across instances: of concurrent claims of a free key exactly one is {@link Claim.Won}.
     */
    Claim claim(String key, String fingerprint, Duration ttl);

    /** Records the call a won claim placed; a claim taken over meanwhile is left as it is (false). */
    boolean complete(Claim.Won claim, String callId, String state);

    /** Frees a won claim whose placement failed, so a retry may place the call; false if no longer ours. */
    boolean release(Claim.Won claim);
}
