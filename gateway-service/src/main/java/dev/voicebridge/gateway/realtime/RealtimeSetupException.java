package dev.voicebridge.gateway.realtime;

/**
 * Why a Realtime session could not be set up. {@link #retryable()} separates a busy or unreachable
 * service (429, 5xx, network: back off and try again) from a configuration that will never work
 * (401, 404, a rejected session.update, a format the server will not speak: fail the call now).
 */
public class RealtimeSetupException extends RuntimeException {

    private final boolean retryable;
    private final int httpStatus;

    private final java.time.Duration retryAfter;

    public RealtimeSetupException(boolean retryable, int httpStatus, String message) {
        this(retryable, httpStatus, message, java.time.Duration.ZERO);
    }

    public RealtimeSetupException(boolean retryable, int httpStatus, String message, java.time.Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, or zero when it sent none. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The handshake's HTTP status, or 0 when the failure was not an HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
