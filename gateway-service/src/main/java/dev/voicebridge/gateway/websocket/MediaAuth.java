package dev.voicebridge.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides what a media stream's {@code Authorization: Bearer} header allows: any call (the shared
 * {@code GATEWAY_MEDIA_TOKEN}) or one call (a token signed with {@code GATEWAY_MEDIA_SIGNING_KEY}, see
 * {@link CallTokens}). The shared token is compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a guess matched,
 * not even its length. With neither configured nothing is allowed.
 */
final class MediaAuth {

    /** What a token allows: {@code callId} null for any call, else only that call. */
    record Grant(String callId) {}

    private static final String BEARER = "Bearer ";

    private final byte[] sharedDigest;
    private final CallTokens callTokens;
    private final Clock clock;

    MediaAuth(MediaStreamProperties properties, Clock clock) {
        this.sharedDigest = properties.tokenConfigured() ? sha256(properties.token()) : null;
        this.callTokens = properties.signingKeyConfigured() ? new CallTokens(properties.signingKey()) : null;
        this.clock = clock;
    }

    boolean configured() {
        return sharedDigest != null || callTokens != null;
    }

    Optional<Grant> authorize(String authorizationHeader) {
        String token = bearer(authorizationHeader);
        if (token == null) {
            return Optional.empty();
        }
        if (sharedDigest != null && MessageDigest.isEqual(sharedDigest, sha256(token))) {
            return Optional.of(new Grant(null));
        }
        if (callTokens != null) {
            return callTokens.verify(token, clock.instant()).map(Grant::new);
        }
        return Optional.empty();
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
