package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import dev.voicebridge.gateway.realtime.protocol.ServerEventParser;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.concurrent.Queues;

/**
 * One WebSocket to the Realtime API. Outgoing messages go through a bounded queue so a stalled
 * server cannot make the gateway buffer without limit; incoming messages are parsed and handed to
 * the {@link Handler} on the connection's event loop, with the call id in the MDC.
 */
public final class RealtimeConnection {

    /** What the owner of a connection hears from it. Never blocks. */
    public interface Handler {
        void onEvent(RealtimeConnection connection, ServerEvent event);

        /** The socket is gone. {@code byUs} is true when {@link #close} started it. */
        void onClosed(RealtimeConnection connection, int code, String reason, boolean byUs);
    }

    private static final Logger log = LoggerFactory.getLogger(RealtimeConnection.class);
    private static final int OUTBOUND_QUEUE = 512;

    private final String callId;
    private final ServerEventParser parser;
    private final Handler handler;
    private final Sinks.Many<String> outbound = Sinks.many()
            .unicast()
            .onBackpressureBuffer(Queues.<String>get(OUTBOUND_QUEUE).get());
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closedReported = new AtomicBoolean();
    private volatile WebsocketOutbound wsOut;
    private volatile Disposable subscription;
    private volatile WebSocketCloseStatus closeStatus;
    private volatile long lastEventNanos = System.nanoTime();

    RealtimeConnection(String callId, ServerEventParser parser, Handler handler) {
        this.callId = callId;
        this.parser = parser;
        this.handler = handler;
    }

    /** The handler that runs once the handshake has succeeded. */
    Publisher<Void> run(WebsocketInbound in, WebsocketOutbound out, Sinks.One<RealtimeConnection> ready) {
        this.wsOut = out;
        in.receiveCloseStatus().subscribe(status -> closeStatus = status);
        Mono<Void> reading = in.aggregateFrames(16 * 1024 * 1024)
                .receive()
                .asString()
                .doOnNext(this::dispatch)
                .then()
                .onErrorResume(e -> {
                    withCallId(() -> log.warn("Realtime socket read failed: {}", e.toString()));
                    return Mono.empty();
                })
                .doFinally(s -> outbound.tryEmitComplete());
        Mono<Void> writing = out.sendString(outbound.asFlux()).then().onErrorResume(e -> Mono.empty());
        ready.tryEmitValue(this);
        return Mono.when(reading, writing);
    }

    void bind(Disposable subscription) {
        this.subscription = subscription;
    }

    /** Queues one client event. False when the socket is closing or the server stopped reading. */
    public boolean send(String message) {
        if (closing.get()) {
            return false;
        }
        synchronized (outbound) {
            return outbound.tryEmitNext(message).isSuccess();
        }
    }

    /** Nanosecond timestamp of the last server event, for stall detection. */
    public long lastEventNanos() {
        return lastEventNanos;
    }

    public boolean isOpen() {
        return !closing.get() && !closedReported.get();
    }

    /** Closes the socket with a close frame; the TCP connection is torn down within two seconds. */
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
        WebsocketOutbound out = wsOut;
        if (out != null) {
            out.sendClose(code, reason).subscribe(null, e -> {});
        }
        Mono.delay(Duration.ofSeconds(2)).subscribe(x -> dispose());
    }

    void dispose() {
        Disposable d = subscription;
        if (d != null && !d.isDisposed()) {
            d.dispose();
        }
    }

    /** Called once when the handler's publisher ends, whichever side ended it. */
    void terminated(Throwable error) {
        if (!closedReported.compareAndSet(false, true)) {
            return;
        }
        boolean byUs = closing.get();
        closing.set(true);
        WebSocketCloseStatus status = closeStatus;
        int code = status != null ? status.code() : 1006;
        String reason = status != null ? status.reasonText() : (error != null ? error.toString() : "connection lost");
        withCallId(() -> handler.onClosed(this, code, reason, byUs));
    }

    private void dispatch(String message) {
        lastEventNanos = System.nanoTime();
        withCallId(() -> {
            ServerEvent event;
            try {
                event = parser.parse(message);
            } catch (IllegalArgumentException e) {
                log.warn("ignored a Realtime message: {}", e.getMessage());
                return;
            }
            handler.onEvent(this, event);
        });
    }

    private void withCallId(Runnable work) {
        CallLogContext.run(callId, () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("Realtime event handling failed", e);
            }
        });
    }
}
