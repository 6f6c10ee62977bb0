package dev.voicebridge.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

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
}
