package dev.voicebridge.gateway.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand, for the Realtime simulator's client-secret expiry. Its instant is
 * its own (a fixed start, moved forward), never compared with the wall clock. Read by the
 * simulator's threads, moved by the test's.
 */
final class MovableClock extends Clock {

    private volatile Instant now = Instant.ofEpochSecond(1_800_000_000L);

    void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
