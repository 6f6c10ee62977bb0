package dev.voicebridge.gateway.http;

/**
 * Why an API request was not carried out, as the API answers it: an HTTP status, a detail that
 * names the field, setting or upstream answer at fault, and for a temporary refusal how many
 * seconds to wait before a retry. Each feature throws its own subclass; the admin API turns any of
 * them into one problem+json. Carries no stack trace: a refusal is an answer, not a failure.
 */
public abstract class RequestRefused extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    protected RequestRefused(int status, String detail, Integer retryAfterSeconds) {
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
