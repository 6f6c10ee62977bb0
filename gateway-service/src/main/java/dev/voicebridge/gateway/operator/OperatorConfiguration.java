package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.logging.LogThrottle;
import dev.voicebridge.gateway.tools.CallTransfers;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * The operator console's WebSocket, {@code /api/calls/{id}/operator}: its handler and what it
 * needs. The admin API's authentication manager checks its first message, the admin layer says
 * which calls are live, and an {@link OperatorActionListener} bean, when there is one, hears every
 * action.
 */
@Configuration(proxyBeanMethods = false)
public class OperatorConfiguration {

    /** The path, in the handler mapping's pattern syntax; security lets it through to first-message auth. */
    public static final String PATH = "/api/calls/*/operator";

    @Bean
    HandlerMapping operatorHandlerMapping(
            @Qualifier("adminAuthenticationManager") ReactiveAuthenticationManager authentication,
            LiveCalls calls,
            CallTransfers transfers,
            ObjectProvider<OperatorActionListener> actions) {
        OperatorSocketHandler handler = new OperatorSocketHandler(
                authentication,
                calls,
                new OperatorRooms(),
                new OperatorCommands(transfers, actions.getIfAvailable(() -> OperatorActionListener.NONE)),
                new LogThrottle(Duration.ofSeconds(10), 16, System::nanoTime));
        return new SimpleUrlHandlerMapping(Map.of(PATH, handler), -1);
    }
}
