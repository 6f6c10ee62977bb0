package dev.voicebridge.sma.support;

import java.time.Duration;

/**
 * The time left to answer one invocation. Every AWS call on the path gets the smaller of its own timeout
 * and what is left here, so two slow calls in a row still finish before the SMA's 5 s retry.
 */
public final class Deadline {

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean expired() {
        return remaining().isZero();
    }

    /** The timeout for the next call: its own limit, cut to the time left. */
    public Duration cap(Duration callTimeout) {
        Duration left = remaining();
        return left.compareTo(callTimeout) < 0 ? left : callTimeout;
    }
}
