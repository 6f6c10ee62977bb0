package dev.voicebridge.gateway.realtime;

/**
 * Why no client secret was minted, as the API answers it: an HTTP status, a detail naming the
 * field, setting or Azure answer at fault, and for a temporary refusal the seconds to wait.
 */
public final class ClientSecretRefused extends RuntimeException {

    private final int status;
    private final Integer retryAfterSeconds;

    public ClientSecretRefused(int status, String detail) {
        this(status, detail, null);
    }

    ClientSecretRefused(int status, String detail, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
