package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import java.util.Base64;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A media source in the Twilio Media Streams convention, as a contact-centre platform would connect
 * to the gateway's {@code /media}: bearer token on the upgrade, {@code connected} and {@code start},
 * one {@code media} message per 20 ms frame, {@code stop} to hang up. Model audio comes back as
 * {@code media}; {@code mark} ends a burst and {@code clear} is a barge-in flush.
 */
public final class WebSocketCaller extends CallDriver {

    /** Shared by every caller: one client with the harness's own event loops, never pooled. */
    public record Target(String url, String token, LoopResources loops) {
        HttpClient client() {
            return HttpClient.create(ConnectionProvider.newConnection()).runOn(loops)
                    .headers(h -> h.set("Authorization", "Bearer " + token));
        }
    }

    private static final WebsocketClientSpec SPEC = WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build();

    private final Target target;
    private final String streamSid;
    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Object sendLock = new Object();
    private volatile Disposable connection;
    private volatile String badMessage;

    public WebSocketCaller(int call, CallScript script, Metrics metrics, CallBook book, Pacer pacer, Target target) {
        super(call, script, metrics, book, pacer);
        this.target = target;
        this.streamSid = "MZbench" + call;
    }

    /** Makes this caller send {@code message} (malformed on purpose) once its media flows; for fault runs. */
    public WebSocketCaller withBadMessage(String message) {
        this.badMessage = message;
        return this;
    }

    @Override
    protected void connect() {
        connection = target.client().websocket(SPEC).uri(target.url())
                .handle((in, outbound) -> {
                    emit("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
                    emit("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + streamSid + "\",\"start\":{"
                            + "\"streamSid\":\"" + streamSid + "\",\"callSid\":\"CAbench" + call + "\",\"tracks\":[\"inbound\"],"
                            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
                            + "\"customParameters\":{\"callId\":\"bench-" + call + "\"}}}");
                    mediaReady();
                    if (badMessage != null) {
                        emit(badMessage);
                    }
                    Mono<Void> send = outbound.sendString(out.asFlux()).then();
                    Mono<Void> receive = in.receive().asString().doOnNext(this::onMessage).then();
                    return Mono.when(send, receive);
                })
                .subscribe(null, e -> ended("websocket: " + e), () -> ended("closed by the gateway"));
    }

    private void onMessage(String text) {
        int at = text.indexOf("\"event\":\"");
        if (at < 0) {
            return;
        }
        int start = at + 9;
        if (text.startsWith("media", start)) {
            int p = text.indexOf("\"payload\":\"");
            if (p >= 0) {
                int from = p + 11;
                heard(Base64.getDecoder().decode(text.substring(from, text.indexOf('"', from))));
            }
        } else if (text.startsWith("mark", start)) {
            burstEnded();
        } else if (text.startsWith("clear", start)) {
            cleared();
        }
    }

    @Override
    protected void sendFrame(byte[] frame, int seq) {
        emit("{\"event\":\"media\",\"streamSid\":\"" + streamSid + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                + (seq + 1) + "\",\"timestamp\":\"" + (seq * CallScript.FRAME_MS) + "\",\"payload\":\""
                + Base64.getEncoder().encodeToString(frame) + "\"}}");
    }

    @Override
    protected void hangUp() {
        emit("{\"event\":\"stop\",\"streamSid\":\"" + streamSid + "\",\"stop\":{\"callSid\":\"CAbench" + call + "\"}}");
        synchronized (sendLock) {
            out.tryEmitComplete();
        }
        // The gateway answers stop by closing the socket, which ends the call as completed.
        TIMERS.schedule(() -> {
            if (!result().isDone()) {
                hangUpConfirmed();
                abort();
            }
        }, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    protected void abort() {
        Disposable c = connection;
        if (c != null) {
            c.dispose();
        }
    }

    private void emit(String message) {
        synchronized (sendLock) {
            out.tryEmitNext(message);
        }
    }
}
