package dev.voicebridge.gateway.outbound;

import dev.voicebridge.gateway.http.RequestRefused;

/**
 * Why a call was not placed, as the API answers it: an HTTP status, a detail that names the field
 * or setting at fault, and for a temporary refusal how many seconds to wait before a retry.
 */
public final class PlaceCallRefused extends RequestRefused {

    PlaceCallRefused(int status, String detail) {
        this(status, detail, null);
    }

    PlaceCallRefused(int status, String detail, Integer retryAfterSeconds) {
        super(status, detail, retryAfterSeconds);
    }
}
