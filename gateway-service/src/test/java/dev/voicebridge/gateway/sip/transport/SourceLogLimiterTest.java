package dev.voicebridge.gateway.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One log line per key per interval, with the count of those held back; bounded memory under a flood. */
class SourceLogLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SourceLogLimiter limiter = new SourceLogLimiter(Duration.ofSeconds(60), 3, now::get);

    @Test
    void shouldWriteOneLinePerKeyPerIntervalAndCountTheRest() {
        // Given a first line from a source, written
        assertThat(limiter.admit("a")).isZero();

        // When it sends 5 more within the minute, and one after it
        for (int i = 0; i < 5; i++) {
            now.addAndGet(Duration.ofSeconds(10).toNanos());
            assertThat(limiter.admit("a")).isEqualTo(SourceLogLimiter.HOLD);
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
        assertThat(second).isEqualTo(SourceLogLimiter.HOLD);

        // and once the minute is over, stale entries make room again
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(limiter.admit("f")).isZero();
    }
}
