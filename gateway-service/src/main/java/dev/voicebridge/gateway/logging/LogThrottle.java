package dev.voicebridge.gateway.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides whether a line of one kind may be logged now: at most one per interval, and that one
 * learns how many were held back since the previous. For events anyone on the network can cause
 * (refused upgrades), so that they cannot grow the log without bound, while the count still says
 * how many there were. Safe from any thread (event loops call it concurrently).
 *
 * <p>Time is a monotonic {@code nanoTime} source, injected so tests can move it without sleeping;
 * nothing here is compared with the wall clock.
 */
public final class LogThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLineAt;
    private final AtomicLong heldBack = new AtomicLong();

    /**
     * @param interval the least time between two lines
     * @param nanoTime a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    public LogThrottle(Duration interval, LongSupplier nanoTime) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, but was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextLineAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Called once per event: -1 when this event's line is to be held back, otherwise how many
     * events were held back since the last line (0 or more), for this line to say.
     */
    public long admit() {
        long now = nanoTime.getAsLong();
        long next = nextLineAt.get();
        // Differences, not comparisons: nanoTime may be anywhere, even negative.
        if (now - next >= 0 && nextLineAt.compareAndSet(next, now + intervalNanos)) {
            return heldBack.getAndSet(0);
        }
        heldBack.incrementAndGet();
        return -1;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}
