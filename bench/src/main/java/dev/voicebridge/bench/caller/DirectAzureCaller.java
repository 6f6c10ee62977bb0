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
 * The baseline: the same caller traffic sent straight to Azure (the simulator, through the same tap)
 * with no gateway in between, speaking the GA Realtime protocol itself: the session the gateway would
 * set up (µ-law both ways, server VAD with the gateway's defaults, transcription), a greeting
 * response, one append per 20 ms frame. Model audio is "heard" the moment a delta arrives; there is
 * no playout clock, so its latency is what the loopback, the tap and the harness cost.
 */
public final class DirectAzureCaller extends CallDriver {

    /** Where Azure is: the tap's port, the simulator's key and deployment. */
    public record Target(int port, String apiKey, String deployment, LoopResources loops) {
    }

    private static final WebsocketClientSpec SPEC = WebsocketClientSpec.builder().maxFramePayloadLength(16 << 20).build();
    private static final String SESSION_UPDATE = "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\","
            + "\"instructions\":\"You are a helpful voice assistant on a phone call.\",\"output_modalities\":[\"audio\"],"
            + "\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcmu\"},\"transcription\":{\"model\":\"whisper-1\"},"
            + "\"turn_detection\":{\"type\":\"server_vad\",\"threshold\":0.6,\"prefix_padding_ms\":300,"
            + "\"silence_duration_ms\":500,\"create_response\":true,\"interrupt_response\":true}},"
            + "\"output\":{\"format\":{\"type\":\"audio/pcmu\"},\"voice\":\"marin\"}}}}";

    private final Target target;
    private final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Object sendLock = new Object();
    private volatile Disposable connection;

    public DirectAzureCaller(int call, CallScript script, Metrics metrics, CallBook book, Pacer pacer, Target target) {
        super(call, script, metrics, book, pacer);
        this.target = target;
    }

    @Override
    protected void connect() {
        connection = HttpClient.create(ConnectionProvider.newConnection()).runOn(target.loops())
                .headers(h -> h.set("api-key", target.apiKey()))
                .websocket(SPEC)
                .uri("ws://127.0.0.1:" + target.port() + "/openai/v1/realtime?model=" + target.deployment())
                .handle((in, outbound) -> {
                    Mono<Void> send = outbound.sendString(out.asFlux()).then();
                    Mono<Void> receive = in.receive().asString().doOnNext(this::onEvent).then();
                    return Mono.when(send, receive);
                })
                .subscribe(null, e -> ended("azure socket: " + e), () -> ended("closed by Azure"));
    }

    private void onEvent(String json) {
        int at = json.indexOf("\"type\":\"");
        if (at < 0) {
            return;
        }
        int start = at + 8;
        if (json.startsWith("response.output_audio.delta\"", start)) {
            int p = json.indexOf("\"delta\":\"");
            if (p >= 0) {
                int from = p + 9;
                heard(Base64.getDecoder().decode(json.substring(from, json.indexOf('"', from))));
            }
        } else if (json.startsWith("session.created\"", start)) {
            emit(SESSION_UPDATE);
        } else if (json.startsWith("session.updated\"", start)) {
            emit("{\"type\":\"response.create\"}");
            mediaReady();
        } else if (json.startsWith("response.done\"", start)) {
            burstEnded();
        } else if (json.startsWith("input_audio_buffer.speech_started\"", start)) {
            cleared();
        }
    }

    @Override
    protected void sendFrame(byte[] frame, int seq) {
        emit("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}");
    }

    @Override
    protected void hangUp() {
        synchronized (sendLock) {
            out.tryEmitComplete();
        }
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

    private void emit(String message) {
        synchronized (sendLock) {
            out.tryEmitNext(message);
        }
    }
}
