package dev.voicebridge.gateway.events.webhook;

import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Whether the webhook receiver looks down, and while it does, which attempt may probe it. Every call
 * has its own ordered queue, so without this a receiver that is down is retried by every live call
 * on its own backoff: at 200 calls that was a fifth of the gateway's CPU, taken from the audio.
 * After {@link #FAILURES_TO_OPEN} retryable failures in a row (no connection, no answer in time,
 * 408/429/5xx) one attempt at a time probes it, spaced by the delivery backoff; every other call's
 * attempt waits, without spending an attempt, until an answer shows the receiver is back. Any answer
 * that is not a retryable failure (2xx, or a 4xx the delivery drops) counts as up. Time is a
 * monotonic nanosecond source; nothing here is compared with the wall clock. Thread-safe: attempts
 * start on Reactor's parallel workers and end on Reactor Netty's event loops.
 */
final class ReceiverHealth {

    static final int FAILURES_TO_OPEN = 3;

    /** What a caller may do now: attempt, or wait {@code waitNanos} and ask again. */
    record Admission(boolean attempt, boolean probe, long waitNanos) {}

    private final LongSupplier nanos;
    private final IntFunction<Duration> backoff;
    private int failuresInARow;
    private boolean down;
    private boolean probing;
    private int probes;
    private long nextProbeNanos;

    /** @param backoff the wait before the {@code n}th probe (1, 2, ...) */
    ReceiverHealth(LongSupplier nanos, IntFunction<Duration> backoff) {
        this.nanos = nanos;
        this.backoff = backoff;
    }

    synchronized Admission admit() {
        if (!down) {
            return new Admission(true, false, 0);
        }
        long now = nanos.getAsLong();
        if (!probing && now - nextProbeNanos >= 0) {
            probing = true;
            return new Admission(true, true, 0);
        }
        long untilProbe = probing ? 0 : nextProbeNanos - now;
        return new Admission(false, false, Math.max(untilProbe, backoff.apply(1).toNanos()));
    }

    /** The receiver answered (whatever the delivery then does with the answer). Says whether it was down. */
    synchronized boolean answered() {
        boolean wasDown = down;
        failuresInARow = 0;
        down = false;
        probing = false;
        probes = 0;
        return wasDown;
    }

    /** A retryable failure. Says whether this one made the receiver count as down. */
    synchronized boolean failed() {
        failuresInARow++;
        probing = false;
        if (failuresInARow < FAILURES_TO_OPEN) {
            return false;
        }
        boolean opened = !down;
        down = true;
        probes++;
        nextProbeNanos = nanos.getAsLong() + backoff.apply(probes).toNanos();
        return opened;
    }

    synchronized boolean down() {
        return down;
    }
}
