package dev.voicebridge.gateway.admin.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link HttpLimitsProperties} to the Reactor Netty server. Reactor Netty's idle timeout
 * runs from the moment a connection has no request in flight until a whole request head has been
 * decoded, and bytes that trickle in meanwhile do not reset it, so it bounds slow and half-sent
 * requests as well as silent connections; it stops applying once a connection is upgraded to a
 * WebSocket. (A request timeout would not do: Reactor Netty applies it to the upgraded stream too.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpLimitsProperties.class)
public class HttpServerLimits {

    private static final Logger log = LoggerFactory.getLogger(HttpServerLimits.class);

    @Bean
    NettyServerCustomizer httpServerLimits(HttpLimitsProperties limits) {
        log.info("HTTP connections with no complete request are closed after {}", limits.idleTimeout());
        return server -> server.idleTimeout(limits.idleTimeout());
    }
}
