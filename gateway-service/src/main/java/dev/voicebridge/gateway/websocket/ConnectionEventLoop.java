package dev.voicebridge.gateway.websocket;

import java.util.List;
import java.util.concurrent.Executor;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.NettyInbound;

/**
 * Carries a media connection's Netty event loop from its upgrade request to its WebSocket session,
 * so the stream can encode and write its outbound messages on the thread that owns the channel.
 * Spring's WebSocket session does not expose the channel; the upgrade request does (Reactor Netty's
 * native request), so a {@link WebSocketService} wrapper reads it there and puts it in the session's
 * attributes before the handler runs.
 */
final class ConnectionEventLoop {

    static final String ATTRIBUTE = ConnectionEventLoop.class.getName();

    private ConnectionEventLoop() {}

    /** {@code service}, with each session told its connection's event loop. */
    static WebSocketService telling(WebSocketService service) {
        return (exchange, handler) -> {
            Executor loop = of(exchange);
            return service.handleRequest(exchange, loop == null ? handler : new Telling(handler, loop));
        };
    }

    /** The connection's event loop, or null when the server is not Reactor Netty. */
    static Executor of(WebSocketSession session) {
        return session.getAttributes().get(ATTRIBUTE) instanceof Executor loop ? loop : null;
    }

    private static Executor of(ServerWebExchange exchange) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        Executor[] loop = new Executor[1];
        if (request instanceof NettyInbound inbound) {
            inbound.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        }
        return loop[0];
    }

    private record Telling(WebSocketHandler handler, Executor loop) implements WebSocketHandler {
        @Override
        public List<String> getSubProtocols() {
            return handler.getSubProtocols();
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            session.getAttributes().put(ATTRIBUTE, loop);
            return handler.handle(session);
        }
    }
}
