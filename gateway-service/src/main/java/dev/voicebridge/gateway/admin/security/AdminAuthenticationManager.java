package dev.voicebridge.gateway.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Accepts the static admin token (GATEWAY_ADMIN_TOKEN) and, when an issuer is configured, JWTs
 * from it. The static token is compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * neither the time taken nor an early exit tells an attacker how much of a guess matched, or its
 * length.
 */
final class AdminAuthenticationManager implements ReactiveAuthenticationManager {

    static final String ADMIN = "ROLE_ADMIN";

    private final byte[] expected;
    private final ReactiveAuthenticationManager jwt;

    /**
     * @param token the static token, or null/blank for none
     * @param jwt   the JWT manager, or null when no issuer is configured
     */
    AdminAuthenticationManager(String token, ReactiveAuthenticationManager jwt) {
        this.expected = token == null || token.isBlank() ? null : sha256(token);
        this.jwt = jwt;
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return Mono.empty();
        }
        String token = bearer.getToken();
        if (expected != null && MessageDigest.isEqual(expected, sha256(token))) {
            return Mono.just(UsernamePasswordAuthenticationToken.authenticated(
                    "admin-token", null, List.of(new SimpleGrantedAuthority(ADMIN))));
        }
        if (jwt != null && looksLikeJwt(token)) {
            // Keys that cannot be fetched surface as an IllegalStateException, which would be a 500
            // with a stack trace for every JWT sent while the identity provider is down.
            return jwt.authenticate(authentication)
                    .onErrorMap(
                            e -> !(e instanceof AuthenticationException),
                            e -> new AuthenticationServiceException("the identity provider could not be asked", e));
        }
        return Mono.error(new InvalidBearerTokenException("invalid bearer token"));
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
