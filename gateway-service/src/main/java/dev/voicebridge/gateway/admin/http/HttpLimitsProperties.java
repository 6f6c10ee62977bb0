package dev.voicebridge.gateway.admin.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long the HTTP server (the {@code /media} WebSocket upgrade, the admin API, the probes) keeps a
 * connection that has no complete request in flight: one that connects and sends nothing, one whose
 * request head never finishes however slowly its bytes trickle in, one kept alive between requests.
 * Every such connection is held before it is authenticated, so without a limit a client could hold
 * sockets and memory indefinitely. An upgraded WebSocket is not affected.
 *
 * @param idleTimeout the limit; {@code GATEWAY_HTTP_IDLE_TIMEOUT}
 */
@ConfigurationProperties("voicebridge.http")
public record HttpLimitsProperties(Duration idleTimeout) {

    public HttpLimitsProperties {
        if (idleTimeout == null) {
            idleTimeout = Duration.ofSeconds(15);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("GATEWAY_HTTP_IDLE_TIMEOUT must be positive, but was " + idleTimeout);
        }
    }
}
