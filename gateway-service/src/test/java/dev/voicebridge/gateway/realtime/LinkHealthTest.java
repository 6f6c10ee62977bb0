package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.realtime.LinkHealth.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When the live session is replaced: a stalled response, or a rollover due at a quiet moment. */
class LinkHealthTest {

    private static final Instant NOW = Clock.systemUTC().instant();
    private static final long T0 = 1_000_000_000_000L; // an arbitrary System.nanoTime() reading
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    private final Clock wallClock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final LinkHealth health =
            new LinkHealth(Duration.ofSeconds(15), Duration.ofMinutes(28), Duration.ofMinutes(2), wallClock);

    @Test
    void shouldRollOverTheMarginBeforeTheServersExpiryAtAQuietMoment() {
        // Given a session that opened now and that the server will end in 10 minutes
        health.sessionReady(T0, NOW.plus(Duration.ofMinutes(10)), T0);

        // When the line is quiet just before, and at, 2 minutes before that expiry
        Verdict early = health.check(T0 + 8 * MINUTE - 1, T0, false, true, false);
        Verdict due = health.check(T0 + 8 * MINUTE, T0, false, true, false);

        // Then the rollover starts at 8 minutes, not earlier
        assertThat(early).isEqualTo(Verdict.FINE);
        assertThat(due).isEqualTo(Verdict.ROLL_OVER);
    }

    @Test
    void shouldWaitForQuietAndNoResponseAndTryAgainLaterIfARolloverFailed() {
        // Given a rollover that is due
        health.sessionReady(T0, null, T0);
        long due = T0 + 28 * MINUTE;
        long lastEvent = due;

        // When the caller is talking, a response is under way, or a rollover is already going on
        // Then it waits
        assertThat(health.check(due, lastEvent, false, false, false)).isEqualTo(Verdict.FINE);
        assertThat(health.check(due, lastEvent, true, true, false)).isEqualTo(Verdict.FINE);
        assertThat(health.check(due, lastEvent, false, true, true)).isEqualTo(Verdict.FINE);

        // And once started, the next one waits 30 s in case this one fails
        assertThat(health.check(due, lastEvent, false, true, false)).isEqualTo(Verdict.ROLL_OVER);
        long retry = due + LinkHealth.ROLLOVER_RETRY.toNanos();
        assertThat(health.check(retry - 1, lastEvent, false, true, false)).isEqualTo(Verdict.FINE);
        assertThat(health.check(retry, lastEvent, false, true, false)).isEqualTo(Verdict.ROLL_OVER);
    }

    @Test
    void shouldIgnoreExpiresAtWhenTheMarginIsZero() {
        // Given no margin, and a session the server says ends in 10 minutes
        LinkHealth noMargin = new LinkHealth(Duration.ofSeconds(15), Duration.ofMinutes(28), Duration.ZERO, wallClock);
        noMargin.sessionReady(T0, NOW.plus(Duration.ofMinutes(10)), T0);

        // When the line is quiet at 9 and at 28 minutes, then only rolloverAfter counts
        assertThat(noMargin.check(T0 + 9 * MINUTE, T0, false, true, false)).isEqualTo(Verdict.FINE);
        assertThat(noMargin.check(T0 + 28 * MINUTE, T0, false, true, false)).isEqualTo(Verdict.ROLL_OVER);
    }

    @Test
    void shouldCallAResponseWithNoServerEventForTheStallTimeoutStalled() {
        // Given a session that has just become ready
        health.sessionReady(T0, null, T0);
        long stall = Duration.ofSeconds(15).toNanos();

        // When 15 s pass with no event, with and without a response under way
        // Then only the response counts as stalled: a quiet line between turns is normal
        assertThat(health.check(T0 + stall, T0, true, false, false)).isEqualTo(Verdict.FINE);
        assertThat(health.check(T0 + stall + 1, T0, true, false, false)).isEqualTo(Verdict.STALLED);
        assertThat(health.check(T0 + stall + 1, T0, false, true, false)).isEqualTo(Verdict.FINE);
    }

    @Test
    void shouldLetTheMediaClockCheckAtMostEveryQuarterSecond() {
        // Given a first check now
        assertThat(health.checkNow(T0)).isTrue();

        // When the clock ticks again within 250 ms, and after
        // Then only the later tick checks
        assertThat(health.checkNow(T0 + LinkHealth.CHECK_EVERY.toNanos() - 1)).isFalse();
        assertThat(health.checkNow(T0 + LinkHealth.CHECK_EVERY.toNanos())).isTrue();
    }
}
