package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.call.CallSessions;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Connects each WebSocket on the media path to a {@link MediaStreamSession}: text messages in, the
 * session's outbound messages out, then the close the session decided on (code and reason).
 * Authentication already happened before the upgrade ({@link MediaTokenFilter}).
 *
 * <p>Each stream encodes and writes its outbound messages on its connection's event loop, the
 * thread that also delivers its inbound messages ({@link ConnectionEventLoop}).
 */
final class MediaStreamHandler implements WebSocketHandler {

    private static final int RECEIVE_PREFETCH = 64;

    private final CallSessions calls;
    private final MediaStreamProperties properties;
    private final MediaAuth auth;

    MediaStreamHandler(CallSessions calls, MediaStreamProperties properties, MediaAuth auth) {
        this.calls = calls;
        this.properties = properties;
        this.auth = auth;
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        // The filter let the upgrade through; which call the token allows is decided here, failing
        // closed if the token expired in between.
        Optional<MediaAuth.Grant> grant =
                auth.authorize(ws.getHandshakeInfo().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (grant.isEmpty()) {
            return ws.close(new CloseStatus(MediaStreamException.POLICY_VIOLATION, "bearer token no longer valid"));
        }
        Executor eventLoop = ConnectionEventLoop.of(ws);
        // Off an event loop (another server under Spring's WebSocket API), a worker of its own
        // still keeps the stream's messages in order and off the media clock.
        Scheduler.Worker worker = eventLoop == null ? Schedulers.parallel().createWorker() : null;
        Executor outboundLoop = eventLoop != null ? eventLoop : worker::schedule;
        MediaStreamSession stream = new MediaStreamSession(
                calls, properties, ws.getId(), grant.get().callId(), outboundLoop);
        Disposable startTimeout = Mono.delay(properties.startTimeout()).subscribe(tick -> stream.onStartTimeout());
        Duration checkEvery = Duration.ofMillis(
                Math.max(50, Math.min(1000, properties.mediaTimeout().toMillis() / 4)));
        Disposable mediaCheck =
                Flux.interval(checkEvery, checkEvery).subscribe(tick -> outboundLoop.execute(stream::onMediaCheck));
        Mono<Void> input = ws.receive()
                // Bounded demand keeps Reactor Netty off its unbounded fast path, which signals a
                // receive error twice once the stream is closed after it: the second, dropped, was
                // logged at ERROR with a stack trace for a source's oversized message.
                .limitRate(RECEIVE_PREFETCH)
                .doOnNext(message -> {
                    if (message.getType() == WebSocketMessage.Type.TEXT) {
                        stream.onText(message.getPayloadAsText());
                    } else if (message.getType() == WebSocketMessage.Type.BINARY) {
                        stream.onBinary();
                    }
                })
                .then()
                .doOnError(e -> {
                    MediaStreamException refusal = frameRefusal(e);
                    if (refusal != null) {
                        stream.onFrameRefused(refusal);
                    } else {
                        stream.onTransportClosed(true);
                    }
                })
                .doOnSuccess(v -> stream.onTransportClosed(false))
                // The server shutting down cancels the handler: still tell the call its leg is gone.
                .doOnCancel(() -> stream.onTransportClosed(true))
                .onErrorComplete();
        Mono<Void> output = ws.send(stream.outbound().map(ws::textMessage))
                .then(Mono.defer(() -> {
                    MediaStreamSession.Close close = stream.close();
                    return close == null ? Mono.<Void>empty() : ws.close(new CloseStatus(close.code(), close.reason()));
                }))
                .onErrorComplete();
        return Mono.when(input, output).doFinally(signal -> {
            startTimeout.dispose();
            mediaCheck.dispose();
            if (worker != null) {
                worker.dispose();
            }
        });
    }

    /**
     * The source broke a frame rule Netty enforces, or null for any other transport error. A single
     * frame over the limit, or a protocol violation, Netty has already closed with its own code; a
     * message over the limit in several frames only fails the frame aggregator, and would otherwise
     * end in a plain 1000 once the handler completes.
     */
    private MediaStreamException frameRefusal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof CorruptedWebSocketFrameException corrupted) {
                return new MediaStreamException(corrupted.closeStatus().code(), corrupted.getMessage());
            }
            if (e instanceof TooLongFrameException) {
                return new MediaStreamException(
                        MediaStreamException.TOO_BIG,
                        "message exceeds " + properties.maxMessageBytes() + " bytes (GATEWAY_MEDIA_MAX_MESSAGE_BYTES)");
            }
        }
        return null;
    }
}
