package dev.voicebridge.gateway.websocket;

import java.nio.charset.StandardCharsets;

/** Close reasons are limited to 123 bytes of UTF-8 by RFC 6455. */
final class CloseReasons {

    private static final int MAX_BYTES = 123;

    private CloseReasons() {}

    static String fit(String reason) {
        if (reason == null) {
            return "";
        }
        String r = reason;
        while (r.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
