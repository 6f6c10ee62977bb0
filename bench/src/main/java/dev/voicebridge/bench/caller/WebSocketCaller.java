package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import dev.voicebridge.bench.wire.JsonBytes;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
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
            return HttpClient.create(ConnectionProvider.newConnection())
                    .runOn(loops)
                    .headers(h -> h.set("Authorization", "Bearer " + token));
        }
    }

    private static final WebsocketClientSpec SPEC =
            WebsocketClientSpec.builder().maxFramePayloadLength(1 << 20).build();

    private static final byte[] EVENT = JsonBytes.key("event");
    private static final byte[] PAYLOAD = JsonBytes.key("payload");
    private static final byte[] MEDIA = JsonBytes.ascii("media");
    private static final byte[] MARK = JsonBytes.ascii("mark");
    private static final byte[] CLEAR = JsonBytes.ascii("clear");
    private static final byte[][] MEDIA_BETWEEN = {
        JsonBytes.ascii("\",\"timestamp\":\""), JsonBytes.ascii("\",\"payload\":\"")
    };
    private static final byte[] MEDIA_TAIL = JsonBytes.ascii("\"}}");

    private final Target target;
    private final String streamSid;
    private final byte[] mediaHead;
    private final long[] mediaNumbers = new long[2];
    private final WebSocketText text = new WebSocketText();
    private final WebSocketText.AudioSink heardAudio = (audio, n) -> heard(audio, 0, n);
    private volatile Disposable connection;
    private volatile String badMessage;

    public WebSocketCaller(int call, CallScript script, Metrics metrics, CallBook book, Pacer pacer, Target target) {
        super(call, script, metrics, book, pacer);
        this.target = target;
        this.streamSid = "MZbench" + call;
        this.mediaHead = JsonBytes.ascii("{\"event\":\"media\",\"streamSid\":\"" + streamSid
                + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"");
    }

    /** Makes this caller send {@code message} (malformed on purpose) once its media flows; for fault runs. */
    public WebSocketCaller withBadMessage(String message) {
        this.badMessage = message;
        return this;
    }

    @Override
    protected void connect() {
        connection = target.client()
                .websocket(SPEC)
                .uri(target.url())
                .handle((in, outbound) -> {
                    in.withConnection(text::attach);
                    emit("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
                    emit("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + streamSid + "\",\"start\":{"
                            + "\"streamSid\":\"" + streamSid + "\",\"callSid\":\"CAbench" + call
                            + "\",\"tracks\":[\"inbound\"],"
                            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
                            + "\"customParameters\":{\"callId\":\"bench-" + call + "\"}}}");
                    mediaReady();
                    if (badMessage != null) {
                        emit(badMessage);
                    }
                    Mono<Void> send = text.sent();
                    return Mono.when(send, text.receive(in, this::onMessage));
                })
                .subscribe(null, e -> ended("websocket: " + e), () -> ended("closed by the gateway"));
    }

    private void onMessage(byte[] json, int length) {
        if (JsonBytes.fieldIs(json, length, EVENT, MEDIA)) {
            text.decodeField(json, length, PAYLOAD, heardAudio);
        } else if (JsonBytes.fieldIs(json, length, EVENT, MARK)) {
            burstEnded();
        } else if (JsonBytes.fieldIs(json, length, EVENT, CLEAR)) {
            cleared();
        }
    }

    @Override
    protected java.util.concurrent.Executor sendLoop() {
        return text.loop();
    }

    @Override
    protected void sendFrame(byte[] frame, int seq) {
        mediaNumbers[0] = seq + 1;
        mediaNumbers[1] = (long) seq * CallScript.FRAME_MS;
        text.sendAudio(mediaHead, mediaNumbers, MEDIA_BETWEEN, frame, frame.length, MEDIA_TAIL);
    }

    @Override
    protected void hangUp() {
        emit("{\"event\":\"stop\",\"streamSid\":\"" + streamSid + "\",\"stop\":{\"callSid\":\"CAbench" + call + "\"}}");
        text.complete();
        // The gateway answers stop by closing the socket, which ends the call as completed.
        TIMERS.schedule(
                () -> {
                    if (!result().isDone()) {
                        hangUpConfirmed();
                        abort();
                    }
                },
                5,
                java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    protected void abort() {
        Disposable c = connection;
        if (c != null) {
            c.dispose();
        }
    }

    private void emit(String message) {
        text.send(message);
    }
}
