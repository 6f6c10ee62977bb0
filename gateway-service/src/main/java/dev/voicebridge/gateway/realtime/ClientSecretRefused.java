package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.http.RequestRefused;

/**
 * Why no client secret was minted, as the API answers it: an HTTP status, a detail naming the
 * field, setting or Azure answer at fault, and for a temporary refusal the seconds to wait.
 */
public final class ClientSecretRefused extends RequestRefused {

    public ClientSecretRefused(int status, String detail) {
        this(status, detail, null);
    }

    ClientSecretRefused(int status, String detail, Integer retryAfterSeconds) {
        super(status, detail, retryAfterSeconds);
    }
}
