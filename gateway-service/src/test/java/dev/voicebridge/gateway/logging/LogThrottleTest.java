package dev.voicebridge.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One log line per key per interval, with the count of those held back; bounded memory under a flood. */
class LogThrottleTest {

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // any origin, even negative
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), nanos::get);

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Test
    void shouldLetTheFirstLineThroughAndHoldBackTheRestOfTheInterval() {
        // Given a throttle of one line per 10 s
        // When five events come within a second
        long first = throttle.admit();
        advance(Duration.ofMillis(200));
        long[] rest = {throttle.admit(), throttle.admit(), throttle.admit(), throttle.admit()};

        // Then only the first is logged, with nothing held back before it
        assertThat(first).isZero();
        assertThat(rest).containsOnly(-1L);
    }

    @Test
    void shouldLogAgainAfterTheIntervalSayingHowManyWereHeldBack() {
        // Given one logged event and three held back
        throttle.admit();
        throttle.admit();
        throttle.admit();
        throttle.admit();

        // When the interval has passed (just short of it, then exactly)
        advance(Duration.ofSeconds(10).minusNanos(1));
        long early = throttle.admit();
        advance(Duration.ofNanos(1));
        long next = throttle.admit();

        // Then the next line comes once the interval has passed, counting the four held back
        assertThat(early).isEqualTo(-1);
        assertThat(next).isEqualTo(4);
        assertThat(throttle.admit()).isEqualTo(-1);
    }

    @Test
    void shouldCountNothingHeldBackWhenEventsAreRare() {
        // Given events a minute apart
        // When each comes
        // Then each is logged, none held back
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admit()).isZero();
            advance(Duration.ofMinutes(1));
        }
    }

    // ---- keyed: one line per source, bounded memory under a flood ----

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LogThrottle limiter = new LogThrottle(Duration.ofSeconds(60), 3, now::get);

    @Test
    void shouldWriteOneLinePerKeyPerIntervalAndCountTheRest() {
        // Given a first line from a source, written
        assertThat(limiter.admit("a")).isZero();

        // When it sends 5 more within the minute, and one after it
        for (int i = 0; i < 5; i++) {
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            assertThat(limiter.admit("a")).isEqualTo(LogThrottle.HOLD);
        }
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        long held = limiter.admit("a");

        // Then the line after the minute says 5 were held back, and another source was never held
        assertThat(held).isEqualTo(5);
        assertThat(limiter.admit("b")).isZero();
    }

    @Test
    void shouldShareOneEntryAmongNewSourcesOnceFull() {
        // Given three sources seen within the minute (the limit)
        limiter.admit("a");
        limiter.admit("b");
        limiter.admit("c");

        // When two more new sources arrive within the minute
        long first = limiter.admit("d");
        long second = limiter.admit("e");

        // Then they share one overflow entry: the first is written, the second held
        assertThat(first).isZero();
        assertThat(second).isEqualTo(LogThrottle.HOLD);

        // and once the minute is over, stale entries make room again
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(limiter.admit("f")).isZero();
    }
}
