package dev.voicebridge.bench.caller;

import static dev.voicebridge.bench.wire.RealtimeWire.DELTA;
import static dev.voicebridge.bench.wire.RealtimeWire.GA_AUDIO_DELTA;
import static dev.voicebridge.bench.wire.RealtimeWire.RESPONSE_DONE;
import static dev.voicebridge.bench.wire.RealtimeWire.SESSION_CREATED;
import static dev.voicebridge.bench.wire.RealtimeWire.SESSION_UPDATED;
import static dev.voicebridge.bench.wire.RealtimeWire.SPEECH_STARTED;
import static dev.voicebridge.bench.wire.RealtimeWire.TYPE;

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
 * The baseline: the same caller traffic sent straight to Azure (the simulator, through the same tap)
 * with no gateway in between, speaking the GA Realtime protocol itself: the session the gateway would
 * set up (µ-law both ways, server VAD with the gateway's defaults, transcription), a greeting
 * response, one append per 20 ms frame. Model audio is "heard" the moment a delta arrives; there is
 * no playout clock, so its latency is what the loopback, the tap and the harness cost.
 */
public final class DirectAzureCaller extends CallDriver {

    /** Where Azure is: the tap's port, the simulator's key and deployment. */
    public record Target(int port, String apiKey, String deployment, LoopResources loops) {}

    private static final WebsocketClientSpec SPEC =
            WebsocketClientSpec.builder().maxFramePayloadLength(16 << 20).build();
    private static final String SESSION_UPDATE = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
            + "\"instructions\":\"You are a helpful voice assistant on a phone call.\",\"output_modalities\":[\"audio\"],"
            + "\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"},\"transcription\":{\"model\":\"whisper-1\"},"
            + "\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":0.6,\"prefix_padding_ms\":300,"
            + "\"silence_duration_ms\":500,\"create_response\":true,\"interrupt_response\":true}},"
            + "\"output\":{\"format\":{\"type\":\"audio/pcmu\"},\"voice\":\"marin\"}}}}";

    private static final byte[] APPEND_HEAD = JsonBytes.ascii("{\"type\":\"input_audio_buffer.append\",\"audio\":\"");
    private static final byte[] APPEND_TAIL = JsonBytes.ascii("\"}");
    private static final long[] NO_NUMBERS = {};
    private static final byte[][] NO_SEPARATORS = {};

    private final Target target;
    private final WebSocketText text = new WebSocketText();
    private final WebSocketText.AudioSink heardAudio = (audio, n) -> heard(audio, 0, n);
    private volatile Disposable connection;

    public DirectAzureCaller(int call, CallScript script, Metrics metrics, CallBook book, Pacer pacer, Target target) {
        super(call, script, metrics, book, pacer);
        this.target = target;
    }

    @Override
    protected void connect() {
        connection = HttpClient.create(ConnectionProvider.newConnection())
                .runOn(target.loops())
                .headers(h -> h.set("api-key", target.apiKey()))
                .websocket(SPEC)
                .uri("ws://127.0.0.1:" + target.port() + "/openai/v1/realtime?model=" + target.deployment())
                .handle((in, outbound) -> {
                    in.withConnection(text::attach);
                    Mono<Void> send = text.sent();
                    return Mono.when(send, text.receive(in, this::onEvent));
                })
                .subscribe(null, e -> ended("azure socket: " + e), () -> ended("closed by Azure"));
    }

    private void onEvent(byte[] json, int length) {
        if (JsonBytes.fieldIs(json, length, TYPE, GA_AUDIO_DELTA)) {
            text.decodeField(json, length, DELTA, heardAudio);
        } else if (JsonBytes.fieldIs(json, length, TYPE, SESSION_CREATED)) {
            text.send(SESSION_UPDATE);
        } else if (JsonBytes.fieldIs(json, length, TYPE, SESSION_UPDATED)) {
            text.send("{\"type\":\"response.create\"}");
            mediaReady();
        } else if (JsonBytes.fieldIs(json, length, TYPE, RESPONSE_DONE)) {
            burstEnded();
        } else if (JsonBytes.fieldIs(json, length, TYPE, SPEECH_STARTED)) {
            cleared();
        }
    }

    @Override
    protected java.util.concurrent.Executor sendLoop() {
        return text.loop();
    }

    @Override
    protected void sendFrame(byte[] frame, int seq) {
        text.sendAudio(APPEND_HEAD, NO_NUMBERS, NO_SEPARATORS, frame, frame.length, APPEND_TAIL);
    }

    @Override
    protected void hangUp() {
        text.complete();
        hangUpConfirmed();
        abort();
    }

    @Override
    protected void abort() {
        Disposable c = connection;
        if (c != null) {
            c.dispose();
        }
    }
}
