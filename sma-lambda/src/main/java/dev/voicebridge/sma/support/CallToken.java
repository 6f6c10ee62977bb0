package dev.voicebridge.sma.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The per-call Uri of the CallAndBridge to the gateway: the user part of the Request-URI the gateway
 * receives. It must be 1-30 characters from {@code a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .}.
 *
 * <p>Derived from the TransactionId alone (first 132 bits of its SHA-256, base64url without padding,
 * 22 characters), so a retried invocation answers with the same Uri, no random source is needed (nothing
 * to reseed after a SnapStart restore), and the gateway can recompute it from the
 * {@code X-VoiceBridge-Transaction-Id} header to check that the two belong together.
 */
public final class CallToken {

    public static final int LENGTH = 22;

    private CallToken() {}

    public static String of(String transactionId) {
        if (transactionId == null || transactionId.isEmpty()) {
            throw new IllegalArgumentException("a call token needs the SMA TransactionId, got none");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(transactionId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
