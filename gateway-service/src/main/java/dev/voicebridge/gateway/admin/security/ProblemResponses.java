package dev.voicebridge.gateway.admin.security;

import dev.voicebridge.gateway.logging.LogThrottle;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Security's refusals as RFC 9457 problem+json, like every other error of the API: 401, 403, 400
 * for a request the firewall rejects, and 503 while JWTs cannot be checked because the identity
 * provider cannot be reached. The detail never repeats what the client sent (a wrong token is still
 * a secret of someone's). Called on the request's event loop; its only state is the throttle of the
 * identity-provider warning, which is thread-safe.
 */
final class ProblemResponses
        implements ServerAuthenticationEntryPoint,
                ServerAccessDeniedHandler,
                ServerAuthenticationFailureHandler,
                ServerExchangeRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final LogThrottle identityProviderWarnings;

    /** @param identityProviderWarnings how often the identity provider being unreachable may be logged */
    ProblemResponses(LogThrottle identityProviderWarnings) {
        this.identityProviderWarnings = identityProviderWarnings;
    }

    /**
     * A bad credential is a 401. A credential that could not be checked (the identity provider's
     * keys cannot be fetched) is no client's fault: 503, and a warning without a stack trace, at
     * most one per interval since every request with a JWT would cause one.
     */
    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange exchange, AuthenticationException e) {
        if (!(e instanceof AuthenticationServiceException)) {
            return commence(exchange.getExchange(), e);
        }
        long heldBack = identityProviderWarnings.admit();
        if (heldBack >= 0) {
            log.warn(
                    "JWTs cannot be checked: {} ({}); answering 503{}",
                    e.getMessage(),
                    e.getCause() == null ? "no cause" : e.getCause().toString(),
                    heldBack == 0 ? "" : " (" + heldBack + " more since the last such line)");
        }
        return write(
                exchange.getExchange(),
                HttpStatus.SERVICE_UNAVAILABLE,
                "JWTs cannot be checked now: the identity provider's keys could not be fetched. Try again later.");
    }

    /** The firewall's refusal names a blocked sequence or a header; the detail says which part, never its value. */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return write(
                exchange,
                HttpStatus.BAD_REQUEST,
                message.contains("header")
                        ? "A request header holds a character this gateway refuses (a line break or another"
                                + " non-printable character)."
                        : "The URL holds a character or sequence this gateway refuses (an encoded slash,"
                                + " backslash, percent sign or period, a line break or another non-printable"
                                + " character).");
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        boolean sentToken = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        sentToken
                                ? "Bearer realm=\"voicebridge-admin\", error=\"invalid_token\""
                                : "Bearer realm=\"voicebridge-admin\"");
        return write(
                exchange,
                HttpStatus.UNAUTHORIZED,
                sentToken
                        ? "The bearer token is not valid for this gateway."
                        : "Send Authorization: Bearer <GATEWAY_ADMIN_TOKEN> (or a JWT from the configured issuer).");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return write(exchange, HttpStatus.FORBIDDEN, "Nothing is served at this path.");
    }

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\",\"instance\":\""
                + jsonEscape(exchange.getRequest().getPath().value()) + "\"}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
