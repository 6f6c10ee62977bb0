package dev.voicebridge.gateway.meetings;

/**
 * Why no meeting was made, as the API answers it: an HTTP status, a detail naming the field or
 * setting at fault, and for a temporary refusal how many seconds to wait before a retry.
 */
public final class MeetingRefused extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    MeetingRefused(int status, String detail) {
        this(status, detail, null);
    }

    MeetingRefused(int status, String detail, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds for a Retry-After header, or null when retrying the same request cannot help. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
