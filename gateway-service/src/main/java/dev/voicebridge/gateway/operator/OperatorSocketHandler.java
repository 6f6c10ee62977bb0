package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.logging.LogThrottle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code GET /api/calls/{id}/operator}: one operator's WebSocket on one call. Browsers cannot set
 * headers on a WebSocket and no secret may go in a URL, so the upgrade is let through and the first
 * message must be {@code {"type":"auth","token":...}} within {@link #AUTH_TIMEOUT}, checked by the
 * admin API's own authentication manager (static token or OIDC JWT, the same rules as /api). Then
 * the operator joins the call's {@link OperatorRoom} and {@link OperatorCommands} runs what they
 * ask.
 *
 * <p>Threads: each connection's event loop (messages, closes), a Reactor timer (the auth deadline)
 * and the authentication manager's threads (JWT key fetches). A connection's phase is an atomic
 * reference; everything else belongs to the link or the room.
 */
final class OperatorSocketHandler implements WebSocketHandler {

    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(5);
    static final int POLICY_VIOLATION = 1008;
    static final int BAD_DATA = 1007;

    private static final Logger log = LoggerFactory.getLogger(OperatorSocketHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private enum Phase {
        AWAITING_AUTH,
        AUTHENTICATING,
        READY,
        CLOSED
    }

    private final ReactiveAuthenticationManager authentication;
    private final LiveCalls calls;
    private final OperatorRooms rooms;
    private final OperatorCommands commands;
    private final LogThrottle refusals;

    OperatorSocketHandler(
            ReactiveAuthenticationManager authentication,
            LiveCalls calls,
            OperatorRooms rooms,
            OperatorCommands commands,
            LogThrottle refusals) {
        this.authentication = authentication;
        this.calls = calls;
        this.rooms = rooms;
        this.commands = commands;
        this.refusals = refusals;
    }

    /** The {id} of /api/calls/{id}/operator. */
    static String callIdOf(String path) {
        String[] parts = path.split("/");
        return parts.length >= 5 ? parts[parts.length - 2] : "";
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        String id = callIdOf(ws.getHandshakeInfo().getUri().getPath());
        OperatorLink link = new OperatorLink(ws);
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.AWAITING_AUTH);
        AtomicReference<OperatorRoom> joined = new AtomicReference<>();
        Disposable deadline = Mono.delay(AUTH_TIMEOUT).subscribe(x -> {
            Phase p = phase.get();
            if ((p == Phase.AWAITING_AUTH || p == Phase.AUTHENTICATING) && phase.compareAndSet(p, Phase.CLOSED)) {
                refuse(id, link, "no auth message within " + AUTH_TIMEOUT.toSeconds() + " s");
            }
        });
        Mono<Void> input = ws.receive()
                .map(Inbound::of)
                .concatMap(message -> switch (phase.get()) {
                    case AWAITING_AUTH -> authenticate(id, link, message, phase, joined);
                    case READY -> {
                        commands.onMessage(joined.get(), link, message);
                        yield Mono.<Void>empty();
                    }
                    case AUTHENTICATING, CLOSED -> Mono.<Void>empty();
                })
                .then();
        return Mono.zip(input, ws.send(link.outbound()))
                .then()
                .onErrorResume(e -> Mono.empty()) // the browser went away: nothing to tell anyone
                .doFinally(signal -> {
                    deadline.dispose();
                    phase.set(Phase.CLOSED);
                    link.close(1000, "closed");
                    OperatorRoom room = joined.get();
                    if (room != null) {
                        room.leave(link);
                        CallLogContext.run(
                                room.call().callId(),
                                () -> log.info(
                                        "operator {} left; {} audio frames dropped for a slow connection",
                                        link.principal(),
                                        link.droppedAudio()));
                    }
                });
    }

    private Mono<Void> authenticate(
            String id,
            OperatorLink link,
            Inbound message,
            AtomicReference<Phase> phase,
            AtomicReference<OperatorRoom> joined) {
        String token = message.authToken();
        if (token == null) {
            if (phase.compareAndSet(Phase.AWAITING_AUTH, Phase.CLOSED)) {
                refuse(id, link, "first message must be {\"type\":\"auth\",\"token\":...}");
            }
            return Mono.empty();
        }
        if (!phase.compareAndSet(Phase.AWAITING_AUTH, Phase.AUTHENTICATING)) {
            return Mono.empty();
        }
        return authentication
                .authenticate(new BearerTokenAuthenticationToken(token))
                .filter(Authentication::isAuthenticated)
                .map(who -> new Verdict(who, null))
                .defaultIfEmpty(new Verdict(null, "invalid token"))
                .onErrorResume(e -> Mono.just(new Verdict(
                        null,
                        e instanceof AuthenticationServiceException
                                ? "token could not be checked: identity provider unavailable"
                                : "invalid token")))
                .flatMap(verdict -> Mono.<Void>fromRunnable(() -> {
                    if (verdict.refusal() != null) {
                        if (phase.compareAndSet(Phase.AUTHENTICATING, Phase.CLOSED)) {
                            refuse(id, link, verdict.refusal());
                        }
                        return;
                    }
                    Optional<CallSession> call = calls.find(id);
                    if (call.isEmpty() || call.get().ended()) {
                        if (phase.compareAndSet(Phase.AUTHENTICATING, Phase.CLOSED)) {
                            refuse(id, link, "unknown call");
                        }
                        return;
                    }
                    if (!phase.compareAndSet(Phase.AUTHENTICATING, Phase.READY)) {
                        return; // the deadline passed while the token was checked
                    }
                    CallSession session = call.get();
                    link.authenticated(verdict.who().getName());
                    joined.set(rooms.join(session, link));
                    link.sendText(JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "ready")
                            .put("callId", session.callId())
                            .put("mode", OperatorRoom.modeName(session.copilot()))
                            .put("sampleRate", 8000)
                            .put("by", link.principal())
                            .toString());
                    CallLogContext.run(
                            session.callId(), () -> log.info("operator {} joined the call", link.principal()));
                    if (session.ended()) {
                        link.close(1000, "call ended"); // it ended while we joined
                    }
                }));
    }

    /**
     * Closes with 1008 naming why. Anyone who can reach the port can cause these, so the lines are
     * throttled per reason; the call id is only logged when it is one the gateway could have issued.
     */
    private void refuse(String id, OperatorLink link, String reason) {
        long held = refusals.admit(reason);
        if (held != LogThrottle.HOLD) {
            Runnable line = () -> log.info("operator connection refused: {} ({} more like it held back)", reason, held);
            if (CallSetup.isSafeId(id)) {
                CallLogContext.run(id, line);
            } else {
                line.run();
            }
        }
        link.close(POLICY_VIOLATION, reason);
    }

    /** The authentication manager's answer: who, or why not. */
    private record Verdict(Authentication who, String refusal) {}

    /** One client message, copied out of its pooled buffer before the buffer is released. */
    record Inbound(String text, byte[] binary) {

        static Inbound of(WebSocketMessage message) {
            if (message.getType() == WebSocketMessage.Type.TEXT) {
                return new Inbound(message.getPayloadAsText(), null);
            }
            if (message.getType() == WebSocketMessage.Type.BINARY) {
                DataBuffer payload = message.getPayload();
                byte[] bytes = new byte[payload.readableByteCount()];
                payload.read(bytes);
                return new Inbound(null, bytes);
            }
            return new Inbound(null, null); // ping/pong: nothing to act on
        }

        /** The parsed JSON object of a text message, or null when it is none. */
        JsonNode json() {
            if (text == null) {
                return null;
            }
            try {
                JsonNode node = JSON.readTree(text);
                return node != null && node.isObject() ? node : null;
            } catch (JacksonException e) {
                return null;
            }
        }

        /** The token of an auth message, or null when this is not one. */
        String authToken() {
            JsonNode node = json();
            if (node == null || !"auth".equals(node.path("type").asString(""))) {
                return null;
            }
            JsonNode token = node.path("token");
            return token.isString() && !token.stringValue().isBlank() ? token.stringValue() : null;
        }
    }
}
