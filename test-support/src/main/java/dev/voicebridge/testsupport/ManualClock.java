package dev.voicebridge.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock a test moves by hand, forward only: expiries, leases and windows are tested by moving time
 * rather than by waiting. Safe from any thread: the test moves it from its own thread while the
 * code under test (a server's event loop, a store's callers) reads it from others, and every read
 * sees the latest move. Clocks from {@link #withZone} share the instant.
 */
public final class ManualClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Starts at {@code start}, an instant of the test's own, for code that never meets the wall clock. */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /**
     * Starts at the wall clock's now, in whole seconds as stores keep expiries, for code that also
     * meets the wall clock (DynamoDB Local deletes expired items by it).
     */
    public static ManualClock startingNow() {
        return startingAt(Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Moves the clock forward.
     *
     * @return the new instant
     * @throws IllegalArgumentException if {@code by} is negative: no test moves time back, so that
     *     is a mistake in the test
     */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a ManualClock only moves forward, not by " + by);
        }
        return now.updateAndGet(instant -> instant.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public ManualClock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new ManualClock(now, zone);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
