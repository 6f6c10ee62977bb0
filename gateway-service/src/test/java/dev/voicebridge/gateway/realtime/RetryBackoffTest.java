package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a failed set-up is tried again, and when (only once the budget is spent) the caller hears the apology. */
class RetryBackoffTest {

    private final RetryBackoff backoff =
            new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private static RealtimeSetupException throttled(long retryAfterSeconds) {
        return new RealtimeSetupException(true, 429, "throttled", Duration.ofSeconds(retryAfterSeconds));
    }

    @Test
    void shouldGrowExponentiallyUpToTheCapWithJitterInTheUpperHalf() {
        // Given a first wait of 100 ms and a cap of 2 s
        for (int failed = 1; failed <= 8; failed++) {
            long cap = Math.min(100L << (failed - 1), 2000);
            for (int i = 0; i < 50; i++) {
                // When attempt n fails with no word from the server
                Duration wait = backoff.after(failed, false);

                // Then the wait is in the upper half of min(100 ms * 2^(n-1), 2 s)
                assertThat(wait.toMillis()).isBetween(cap / 2, cap);
            }
        }
    }

    @Test
    void shouldHonourRetryAfterButNeverHoldTheCallerBeyondTheCap() {
        // Given Azure throttles and says when to come back
        // When it asks for 1 s, or for 10 s
        Duration asked = backoff.retryAfter(1, throttled(1), Duration.ZERO);
        Duration tooLong = backoff.retryAfter(1, throttled(10), Duration.ZERO);

        // Then 1 s is waited, but 10 s is cut to the 2 s cap
        assertThat(asked).isEqualTo(Duration.ofSeconds(1));
        assertThat(tooLong).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldDoubleTheWaitWhenThrottledWithoutRetryAfter() {
        // Given Azure throttles without a Retry-After
        for (int i = 0; i < 50; i++) {
            // When the second attempt fails
            Duration wait = backoff.retryAfter(2, throttled(0), Duration.ZERO);

            // Then the wait is jittered below twice the usual 200 ms
            assertThat(wait.toMillis()).isBetween(200L, 400L);
        }
    }

    @Test
    void shouldGiveUpOnlyOnAnErrorNoRetryCanFixOrOnceTheBudgetIsSpent() {
        // Given a refused key, and a busy service
        RealtimeSetupException refused = new RealtimeSetupException(false, 401, "refused");
        RealtimeSetupException busy = new RealtimeSetupException(true, 503, "busy");

        // When asked whether to try again, then a refused key is never retried
        assertThat(backoff.retryAfter(1, refused, Duration.ZERO)).isNull();
        // And a busy service is retried however many tries failed, while the budget lasts
        assertThat(backoff.retryAfter(40, busy, Duration.ofSeconds(20))).isNotNull();
        assertThat(backoff.retryAfter(2, busy, Duration.ofSeconds(30))).isNull();
    }

    @Test
    void shouldMakeTheLastTryAtTheEndOfTheBudget() {
        // Given 29.5 s of the 30 s budget spent
        // When a try fails and the usual wait would be longer than what is left
        Duration wait = backoff.retryAfter(8, new RealtimeSetupException(true, 503, "busy"), Duration.ofMillis(29_500));

        // Then the next try comes when the budget ends, not after it
        assertThat(wait).isEqualTo(Duration.ofMillis(500));
    }
}
