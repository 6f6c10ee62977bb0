package dev.voicebridge.gateway.websocket;

import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.socket.server.WebSocketService;
import reactor.core.publisher.Mono;

/**
 * Refuses an authorised media request that is not a WebSocket upgrade this server can complete,
 * before Spring and Reactor Netty try: they answered a wrong {@code Sec-WebSocket-Version} with a
 * bare 426 and an ERROR stack trace (a null handshake future), and a missing {@code Upgrade} or
 * {@code Connection} header with a 400 whose detail listed every request header, the bearer token
 * among them. Here each is a problem+json that names the header and repeats nothing the client
 * sent. Runs on the connection's event loop, before the handler; holds no state.
 */
final class UpgradeRequestCheck {

    /** RFC 6455's version, the only one Netty's server handshaker speaks. */
    static final String VERSION = "13";

    private UpgradeRequestCheck() {}

    /** {@code service}, behind the check. */
    static WebSocketService checking(WebSocketService service) {
        return (exchange, handler) -> {
            ErrorResponseException refusal = refusal(exchange.getRequest().getHeaders());
            return refusal != null ? Mono.error(refusal) : service.handleRequest(exchange, handler);
        };
    }

    /** Why {@code headers} cannot be upgraded, or null when they can. */
    static ErrorResponseException refusal(HttpHeaders headers) {
        if (!"websocket".equalsIgnoreCase(headers.getFirst(HttpHeaders.UPGRADE))) {
            return problem(HttpStatus.BAD_REQUEST, "a media stream is a WebSocket: send Upgrade: websocket");
        }
        if (headers.getConnection().stream()
                .noneMatch(token -> token.trim().toLowerCase(Locale.ROOT).equals("upgrade"))) {
            return problem(HttpStatus.BAD_REQUEST, "a media stream is a WebSocket: send Connection: Upgrade");
        }
        String key = headers.getFirst("Sec-WebSocket-Key");
        if (key == null || key.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "send a Sec-WebSocket-Key header (RFC 6455)");
        }
        if (!VERSION.equals(trimmed(headers.getFirst("Sec-WebSocket-Version")))) {
            ErrorResponseException upgrade =
                    problem(HttpStatus.UPGRADE_REQUIRED, "Sec-WebSocket-Version must be " + VERSION);
            upgrade.getHeaders().set("Sec-WebSocket-Version", VERSION);
            return upgrade;
        }
        return null;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
