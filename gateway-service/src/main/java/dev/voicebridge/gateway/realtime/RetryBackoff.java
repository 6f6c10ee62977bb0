package dev.voicebridge.gateway.realtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether and when to try setting a session up again. Waits grow exponentially from {@code
 * backoffInitial}, double when Azure throttles (429), stop at {@code backoffMax}, and are jittered
 * within their upper half so the retries of many calls that lost Azure at the same moment spread
 * out. A longer Retry-After from the server is honoured, but never beyond the cap: a caller on hold
 * hears only silence. Tries go on until {@code budget} has passed since the assistant was lost (or
 * the call began): an outage is a matter of time, not of how many tries fit in it.
 *
 * <p>Threads: any; nothing in it changes.
 */
final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private final Duration budget;

    RetryBackoff(Duration initial, Duration max, Duration budget) {
        this.initial = initial;
        this.max = max;
        this.budget = budget;
    }

    Duration budget() {
        return budget;
    }

    /**
     * The wait before the next try after attempt {@code failed} (1 for the first) failed with
     * {@code error}, the assistant having been away for {@code away}; or null when the call should
     * give up: the error cannot pass, or the budget is spent. The last try comes at the budget's end.
     */
    Duration retryAfter(int failed, RealtimeSetupException error, Duration away) {
        Duration left = budget.minus(away);
        if (!error.retryable() || left.isNegative() || left.isZero()) {
            return null;
        }
        Duration wait = after(failed, error.httpStatus() == 429);
        Duration asked = error.retryAfter();
        if (asked.compareTo(wait) > 0) {
            Duration capped = asked.compareTo(max) > 0 ? max : asked;
            wait = capped.compareTo(wait) > 0 ? capped : wait;
        }
        return wait.compareTo(left) > 0 ? left : wait;
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
