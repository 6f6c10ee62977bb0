package dev.voicebridge.gateway.websocket;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A media source speaking the Twilio Media Streams convention over a real WebSocket. */
final class MediaStreamTestClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** How the gateway closed the stream. */
    record Closed(int code, String reason) {}

    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Long> receivedAtNanos = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> handshake = new CompletableFuture<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private MediaStreamTestClient() {}

    static MediaStreamTestClient connect(URI uri, Consumer<HttpHeaders> headers) {
        MediaStreamTestClient client = new MediaStreamTestClient();
        HttpClient.create()
                .headers(headers)
                .websocket()
                .uri(uri)
                .handle((in, out) -> {
                    client.handshake.complete(101);
                    in.receiveCloseStatus()
                            .subscribe(s -> client.closed.complete(new Closed(s.code(), s.reasonText())));
                    Mono<Void> receive = in.receive()
                            .asString()
                            .doOnNext(text -> {
                                client.receivedAtNanos.add(System.nanoTime());
                                client.received.add(JSON.readTree(text));
                            })
                            .then()
                            .doFinally(s -> client.closed.complete(new Closed(1006, "")));
                    return Mono.when(
                            receive, out.sendObject(client.outbound.asFlux()).then());
                })
                .doOnError(e -> {
                    java.util.regex.Matcher m =
                            java.util.regex.Pattern.compile("(\\d{3})").matcher(String.valueOf(e.getMessage()));
                    client.handshake.complete(m.find() ? Integer.parseInt(m.group(1)) : -1);
                })
                .subscribe(v -> {}, e -> {});
        return client;
    }

    static MediaStreamTestClient withToken(URI uri, String token) {
        return connect(uri, h -> h.set("Authorization", "Bearer " + token));
    }

    int awaitHandshake() {
        return handshake.orTimeout(10, TimeUnit.SECONDS).join();
    }

    void send(String json) {
        outbound.tryEmitNext(new TextWebSocketFrame(json));
    }

    /** One text message in several frames (a first frame, then continuations), as a source may send a big one. */
    void sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            var data = Unpooled.copiedBuffer(parts[i], StandardCharsets.UTF_8);
            outbound.tryEmitNext(
                    i == 0 ? new TextWebSocketFrame(last, 0, data) : new ContinuationWebSocketFrame(last, 0, data));
        }
    }

    void sendBinary(byte[] data) {
        outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
    }

    void sendFixture(String name) {
        send(fixture(name));
    }

    void sendMedia(String streamSid, byte[] audio) {
        send("{\"event\":\"media\",\"streamSid\":\"" + streamSid
                + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\"," + "\"timestamp\":\"0\",\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}}");
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** When each message of {@link #received()} arrived (System.nanoTime). */
    List<Long> receivedAtNanos() {
        return List.copyOf(receivedAtNanos);
    }

    JsonNode awaitMessage(int n) {
        return RecordingCallSessions.Await.until(
                () -> received.size() >= n ? received.get(n - 1) : null,
                "message " + n + " from the gateway (have " + received.size() + ")");
    }

    Closed awaitClosed() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    static String fixture(String name) {
        try (InputStream in = MediaStreamTestClient.class.getResourceAsStream("/websocket/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes from the source's side with a close frame, as a source does at the end of a call. */
    @Override
    public void close() {
        if (!closed.isDone()) {
            outbound.tryEmitNext(new CloseWebSocketFrame(1000, "source done"));
        }
        outbound.tryEmitComplete();
    }
}
