package dev.voicebridge.gateway.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the live session needs replacing: stalled (a response with no server event for {@code
 * stallTimeout}), or due for a rollover before Azure's session cap cuts the call off, which waits
 * for a quiet moment: {@code rolloverAfter} after the session opened, or {@code rolloverMargin}
 * before the expires_at the server announced, whichever is first. Expiry is read against the
 * injected wall clock; due times are kept on {@link System#nanoTime()}'s scale.
 *
 * <p>Threads: {@link #checkNow} on the media clock, lock-free; the rest on the Realtime event loop (a
 * session becomes ready) and on a Reactor parallel worker (the check), under the link's lock.
 */
final class LinkHealth {

    enum Verdict {
        FINE,
        STALLED,
        ROLL_OVER
    }

    static final Duration CHECK_EVERY = Duration.ofMillis(250);
    /** After a rollover starts, the next one waits this long, in case this one fails. */
    static final Duration ROLLOVER_RETRY = Duration.ofSeconds(30);

    private final Duration stallTimeout;
    private final Duration rolloverAfter;
    private final Duration rolloverMargin;
    private final Clock wallClock;
    private volatile long nextCheckNanos = Long.MIN_VALUE;
    private long rolloverDueNanos = Long.MAX_VALUE;

    LinkHealth(Duration stallTimeout, Duration rolloverAfter, Duration rolloverMargin, Clock wallClock) {
        this.stallTimeout = stallTimeout;
        this.rolloverAfter = rolloverAfter;
        this.rolloverMargin = rolloverMargin;
        this.wallClock = wallClock;
    }

    Duration stallTimeout() {
        return stallTimeout;
    }

    /** True at most once per {@link #CHECK_EVERY}: the media clock asks on every tick. */
    boolean checkNow(long nowNanos) {
        if (nowNanos < nextCheckNanos) {
            return false;
        }
        nextCheckNanos = nowNanos + CHECK_EVERY.toNanos();
        return true;
    }

    /** A session opened at {@code openedNanos} is ready; {@code expiresAt} is from session.created. */
    void sessionReady(long openedNanos, Instant expiresAt, long nowNanos) {
        long due = openedNanos + rolloverAfter.toNanos();
        if (expiresAt != null && rolloverMargin.isPositive()) {
            // Leave a margin before the server's own deadline for a quiet moment to come.
            long untilExpiry = Duration.between(wallClock.instant(), expiresAt)
                    .minus(rolloverMargin)
                    .toNanos();
            due = Math.min(due, nowNanos + Math.max(0, untilExpiry));
        }
        rolloverDueNanos = due;
    }

    /**
     * The live session's state at {@code nowNanos}: its last event, whether a response is active,
     * whether the caller's line is quiet and whether a rollover is already under way.
     */
    Verdict check(long nowNanos, long lastEventNanos, boolean responseActive, boolean quiet, boolean rollingOver) {
        if (responseActive && nowNanos - lastEventNanos > stallTimeout.toNanos()) {
            return Verdict.STALLED;
        }
        if (!rollingOver && nowNanos >= rolloverDueNanos && quiet && !responseActive) {
            rolloverDueNanos = nowNanos + ROLLOVER_RETRY.toNanos();
            return Verdict.ROLL_OVER;
        }
        return Verdict.FINE;
    }
}
