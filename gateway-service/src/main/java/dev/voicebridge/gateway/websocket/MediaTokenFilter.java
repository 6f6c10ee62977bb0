package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.logging.LogThrottle;
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
 * Refuses an upgrade on the media path with 401 unless {@link MediaAuth} accepts its bearer token,
 * before any WebSocket exists. The stream itself checks again which call the token allows
 * ({@link MediaStreamHandler}). Refusals are logged at most once per interval, with a count of the
 * rest. Runs on the connection's event loop, every connection's concurrently.
 */
final class MediaTokenFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(MediaTokenFilter.class);

    private final String path;
    private final MediaAuth auth;
    private final LogThrottle refusalLines;

    /**
     * @param refusalLines how often a refusal may be logged: anyone who can reach the port can be
     *                     refused, as often as they like
     */
    MediaTokenFilter(String path, MediaAuth auth, LogThrottle refusalLines) {
        this.path = path;
        this.auth = auth;
        this.refusalLines = refusalLines;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().equals(path)
                || auth.authorize(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                        .isPresent()) {
            return chain.filter(exchange);
        }
        long heldBack = refusalLines.admit();
        if (heldBack >= 0) {
            log.info(
                    "Refused a media stream upgrade from {}: {}{}",
                    exchange.getRequest().getRemoteAddress(),
                    auth.configured()
                            ? "missing, wrong or expired bearer token"
                            : "neither GATEWAY_MEDIA_TOKEN nor GATEWAY_MEDIA_SIGNING_KEY is set",
                    heldBack == 0
                            ? ""
                            : " (and " + heldBack + " more since the last such line, not logged: at most one line per "
                                    + refusalLines.interval().toSeconds() + " s)");
        }
        exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"voicebridge-media\"");
        return exchange.getResponse().setComplete();
    }
}
