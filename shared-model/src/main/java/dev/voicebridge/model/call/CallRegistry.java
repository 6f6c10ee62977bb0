package dev.voicebridge.model.call;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Where the Lambda and the gateway keep call status. */
public interface CallRegistry {

    Optional<CallStatus> find(String callId);

    /** Newest first (by update time), at most {@code limit}, optionally only calls in one state. */
    List<CallStatus> list(Optional<CallState> filter, int limit);

    /**
     * Atomic read-modify-write: applies {@code change} to the current status, or to
     * {@code ifAbsent.get()} when the call is unknown, and stores the result. Implementations
     * retry on a version conflict, so concurrent writers never lose a transition. Exceptions from
     * {@code change} (e.g. {@link IllegalCallTransitionException}) leave the stored status as it was.
     *
     * @param ifAbsent null, or returning null, means an unknown call is an error
     *                 ({@link java.util.NoSuchElementException})
     */
    CallStatus update(String callId, UnaryOperator<CallStatus> change, Supplier<CallStatus> ifAbsent);
}
