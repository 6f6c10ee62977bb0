package dev.voicebridge.gateway.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;

/**
 * An operator console on the gateway's operator WebSocket, on a Reactor Netty WebSocket client:
 * what a browser would send and receive, recorded for the tests. A slow one reads a frame only every
 * {@code readEvery}, so the socket backs up as behind a slow browser.
 */
final class OperatorClient implements AutoCloseable {

    /** A tagged audio frame as received: the tag and its PCM16 samples. */
    record Frame(int tag, short[] samples, long receivedNanos) {}

    private final Sinks.Many<WebSocketFrame> outgoing = Sinks.many().unicast().onBackpressureBuffer();
    private final List<JsonNode> texts = new CopyOnWriteArrayList<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<WebSocketCloseStatus> closed = new CompletableFuture<>();
    private final Disposable connection;

    private OperatorClient(int port, String callId, Duration readEvery) {
        connection = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().handlePing(true).build())
                .uri("ws://127.0.0.1:" + port + "/api/calls/" + callId + "/operator")
                .handle((in, out) -> {
                    in.receiveCloseStatus().subscribe(closed::complete);
                    Flux<WebSocketFrame> received = in.receiveFrames();
                    if (readEvery != null) {
                        received = received.limitRate(1).delayElements(readEvery);
                    }
                    received.subscribe(this::record, e -> closed.complete(null), () -> closed.complete(null));
                    return out.sendObject(outgoing.asFlux())
                            .then(in.receiveCloseStatus().then());
                })
                .subscribe(null, e -> closed.complete(null));
    }

    static OperatorClient connect(int port, String callId) {
        return new OperatorClient(port, callId, null);
    }

    static OperatorClient connectSlow(int port, String callId, Duration readEvery) {
        return new OperatorClient(port, callId, readEvery);
    }

    /** Connects, authenticates and waits for {@code ready}. */
    static OperatorClient ready(int port, String callId, String token) {
        OperatorClient client = connect(port, callId);
        client.text("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
        client.awaitText(m -> m.path("type").asString("").equals("ready"));
        return client;
    }

    private void record(WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame t) {
            texts.add(AdminHttp.JSON.readTree(t.text()));
        } else if (frame instanceof BinaryWebSocketFrame b) {
            ByteBuf content = b.content();
            int tag = content.readUnsignedByte();
            short[] samples = new short[content.readableBytes() / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = content.readShortLE();
            }
            frames.add(new Frame(tag, samples, System.nanoTime()));
        }
    }

    void text(String json) {
        outgoing.emitNext(new TextWebSocketFrame(json), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    void binary(byte[] bytes) {
        outgoing.emitNext(
                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)),
                Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    /** PCM16 little-endian bytes of {@code samples}. */
    static byte[] pcm(short[] samples, int from, int count) {
        byte[] b = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            b[2 * i] = (byte) samples[from + i];
            b[2 * i + 1] = (byte) (samples[from + i] >> 8);
        }
        return b;
    }

    List<JsonNode> texts() {
        return texts;
    }

    List<Frame> frames() {
        return frames;
    }

    JsonNode awaitText(Predicate<JsonNode> wanted) {
        return AdminHttp.await(() -> texts.stream().filter(wanted).findFirst().orElse(null), "an operator message");
    }

    /** The close status the gateway sent (null when the connection just went), waiting up to 10 s. */
    WebSocketCloseStatus awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        outgoing.tryEmitComplete();
        connection.dispose();
    }
}
