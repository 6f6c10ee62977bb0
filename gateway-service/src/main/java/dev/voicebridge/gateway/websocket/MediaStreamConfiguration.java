package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.logging.LogThrottle;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.WebFilter;
import reactor.netty.http.server.WebsocketServerSpec;

/** The WebSocket media endpoint: its path, its auth filter and its frame size limit. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaStreamProperties.class)
public class MediaStreamConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediaStreamConfiguration.class);
    /** At most one line per this for refused upgrades, which anyone on the network can cause. */
    static final Duration REFUSAL_LOG_INTERVAL = Duration.ofSeconds(10);

    @Bean
    MediaAuth mediaAuth(MediaStreamProperties properties, Clock wallClock) {
        return new MediaAuth(properties, wallClock);
    }

    @Bean
    HandlerMapping mediaStreamHandlerMapping(CallSessions calls, MediaStreamProperties properties, MediaAuth auth) {
        if (!properties.tokenConfigured() && !properties.signingKeyConfigured()) {
            log.warn(
                    "Neither GATEWAY_MEDIA_TOKEN nor GATEWAY_MEDIA_SIGNING_KEY is set: the WebSocket media endpoint {} "
                            + "refuses every connection",
                    properties.path());
        }
        return new SimpleUrlHandlerMapping(
                Map.of(properties.path(), new MediaStreamHandler(calls, properties, auth)), -1);
    }

    @Bean
    WebFilter mediaTokenFilter(MediaStreamProperties properties, MediaAuth auth) {
        return new MediaTokenFilter(properties.path(), auth, new LogThrottle(REFUSAL_LOG_INTERVAL, System::nanoTime));
    }

    /**
     * Frames up to the configured message size; Netty closes a stream sending a bigger one with 1009.
     * A request that is not an upgrade this server can complete is refused by name first. Each
     * session learns its connection's event loop, where its outbound messages are encoded.
     */
    @Bean
    WebFluxConfigurer mediaStreamWebSocketService(MediaStreamProperties properties) {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                HandshakeWebSocketService service =
                        new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(() ->
                                WebsocketServerSpec.builder().maxFramePayloadLength(properties.maxMessageBytes())));
                return ConnectionEventLoop.telling(UpgradeRequestCheck.checking(service));
            }
        };
    }
}
