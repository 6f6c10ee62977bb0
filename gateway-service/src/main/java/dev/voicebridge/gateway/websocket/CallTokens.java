package dev.voicebridge.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-call media tokens: {@code vbm1.<base64url(callId)>.<expiresEpochSeconds>.<base64url(HMAC-SHA256)>},
 * the MAC taken with {@code GATEWAY_MEDIA_SIGNING_KEY} over everything before the last dot. A media
 * server that knows the key mints one per call, so a leaked token opens one call for a short while
 * instead of the whole endpoint. Any HMAC tool can mint them; see README-websocket.md.
 */
public final class CallTokens {

    private static final String VERSION = "vbm1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;

    public CallTokens(String signingKey) {
        if (signingKey == null || signingKey.length() < 32) {
            throw new IllegalArgumentException("the media signing key must be at least 32 characters");
        }
        this.key = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    /** A token for {@code callId} valid until {@code expires}. */
    public String sign(String callId, Instant expires) {
        String body = VERSION + "." + B64.encodeToString(callId.getBytes(StandardCharsets.UTF_8)) + "."
                + expires.getEpochSecond();
        return body + "." + B64.encodeToString(mac(body));
    }

    /** The call id a valid, unexpired token was issued for; empty for anything else. */
    public Optional<String> verify(String token, Instant now) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            byte[] given = B64D.decode(parts[3]);
            byte[] expected = mac(parts[0] + "." + parts[1] + "." + parts[2]);
            if (!MessageDigest.isEqual(expected, given)) {
                return Optional.empty();
            }
            if (Long.parseLong(parts[2]) < now.getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(new String(B64D.decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
