package dev.voicebridge.gateway.realtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether and when to try setting a session up again. Waits grow exponentially from {@code
 * backoffInitial}, double when Azure throttles (429), stop at {@code backoffMax}, and are jittered
 * within their upper half so the retries of many calls that lost Azure at the same moment spread
 * out. A longer Retry-After from the server is honoured, but never beyond the cap: a caller on hold
 * hears only silence.
 *
 * <p>Threads: any; nothing in it changes.
 */
final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private final int attempts;

    RetryBackoff(Duration initial, Duration max, int attempts) {
        this.initial = initial;
        this.max = max;
        this.attempts = attempts;
    }

    /**
     * The wait before the next try after attempt {@code failed} (1 for the first) failed with
     * {@code error}, or null when the call should give up: the error cannot pass, or no try is left.
     */
    Duration retryAfter(int failed, RealtimeSetupException error) {
        if (!error.retryable() || failed >= attempts) {
            return null;
        }
        Duration wait = after(failed, error.httpStatus() == 429);
        Duration asked = error.retryAfter();
        if (asked.compareTo(wait) > 0) {
            Duration capped = asked.compareTo(max) > 0 ? max : asked;
            wait = capped.compareTo(wait) > 0 ? capped : wait;
        }
        return wait;
    }

    /** The wait after attempt {@code failed}, with no word from the server on when to come back. */
    Duration after(int failed, boolean throttled) {
        long base = initial.toMillis() << Math.min(failed - 1, 16);
        if (throttled) {
            base *= 2;
        }
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
