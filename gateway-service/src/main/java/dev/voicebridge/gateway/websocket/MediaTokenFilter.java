package dev.voicebridge.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses an upgrade on the media path with 401 unless it carries {@code Authorization: Bearer
 * <GATEWAY_MEDIA_TOKEN>}, before any WebSocket exists. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a guess matched,
 * not even its length. With no token configured every upgrade is refused.
 */
final class MediaTokenFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(MediaTokenFilter.class);
    private static final String BEARER = "Bearer ";

    private final String path;
    private final byte[] expected;

    MediaTokenFilter(MediaStreamProperties properties) {
        this.path = properties.path();
        this.expected = properties.tokenConfigured() ? sha256(properties.token()) : null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().equals(path)) {
            return chain.filter(exchange);
        }
        if (authorized(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            return chain.filter(exchange);
        }
        log.info("Refused a media stream upgrade from {}: {}", exchange.getRequest().getRemoteAddress(),
                expected == null ? "GATEWAY_MEDIA_TOKEN is not set" : "missing or wrong bearer token");
        exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"voicebridge-media\"");
        return exchange.getResponse().setComplete();
    }

    private boolean authorized(String header) {
        if (expected == null || header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(header.substring(BEARER.length()).trim()));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
