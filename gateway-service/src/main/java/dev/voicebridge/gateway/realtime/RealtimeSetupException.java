package dev.voicebridge.gateway.realtime;

/**
 * Why a Realtime session could not be set up. {@link #retryable()} separates a busy or unreachable
 * service (429, 5xx, network: back off and try again) from a configuration that will never work
 * (401, 404, a rejected session.update, a format the server will not speak: fail the call now).
 */
public class RealtimeSetupException extends RuntimeException {

    private final boolean retryable;
    private final int httpStatus;

    public RealtimeSetupException(boolean retryable, int httpStatus, String message) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The handshake's HTTP status, or 0 when the failure was not an HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
