package dev.voicebridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The clock tests move by hand: only forward, never losing a move made from another thread. */
class ManualClockTest {

    private static final Instant START = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void shouldStandStillUntilMovedAndRefuseToGoBack() {
        // Given a clock at a start of the test's own
        ManualClock clock = ManualClock.startingAt(START);

        // When it is read twice, moved forward, then asked to move back
        Instant first = clock.instant();
        Instant second = clock.instant();
        Instant moved = clock.advance(Duration.ofSeconds(61));

        // Then it stood still, moved by exactly the amount, and refused the step back without moving
        assertThat(first).isEqualTo(START).isEqualTo(second);
        assertThat(moved).isEqualTo(START.plusSeconds(61)).isEqualTo(clock.instant());
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves forward");
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(61));
    }

    @Test
    void shouldStartFromTheWallClockInWholeSeconds() {
        // When a clock starts from now
        Instant before = Clock.systemUTC().instant();
        ManualClock clock = ManualClock.startingNow();

        // Then it is the wall clock's second, with no fraction
        assertThat(clock.instant().getNano()).isZero();
        assertThat(clock.instant())
                .isBetween(before.minusSeconds(1), Clock.systemUTC().instant());
    }

    @Test
    void shouldMoveAZonedCopyWithIt() {
        // Given a copy of the clock in another zone
        ManualClock clock = ManualClock.startingAt(START);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        // When the original moves
        clock.advance(Duration.ofMinutes(5));

        // Then the copy shows the same instant in its own zone
        assertThat(paris.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void shouldKeepEveryMoveMadeFromManyThreadsAtOnce() throws Exception {
        // Given 8 threads ready to move one clock 1,000 times by a millisecond each
        ManualClock clock = ManualClock.startingAt(START);
        int threads = 8;
        int moves = 1_000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await(5, TimeUnit.SECONDS);
                    for (int i = 0; i < moves; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                    return null;
                }));
            }

            // When they all move it at once
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }

            // Then no move was lost
            assertThat(clock.instant()).isEqualTo(START.plusMillis((long) threads * moves));
        } finally {
            pool.shutdownNow();
        }
    }
}
