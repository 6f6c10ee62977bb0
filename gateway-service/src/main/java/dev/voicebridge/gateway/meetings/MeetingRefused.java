package dev.voicebridge.gateway.meetings;

import dev.voicebridge.gateway.http.RequestRefused;

/**
 * Why no meeting was made, as the API answers it: an HTTP status, a detail naming the field or
 * setting at fault, and for a temporary refusal how many seconds to wait before a retry.
 */
public final class MeetingRefused extends RequestRefused {

    MeetingRefused(int status, String detail) {
        this(status, detail, null);
    }

    MeetingRefused(int status, String detail, Integer retryAfterSeconds) {
        super(status, detail, retryAfterSeconds);
    }
}
