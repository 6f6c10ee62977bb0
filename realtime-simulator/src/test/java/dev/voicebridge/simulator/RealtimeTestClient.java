package dev.voicebridge.simulator;

import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A bare WebSocket client for the simulator's tests: sends JSON, collects every server event. */
final class RealtimeTestClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<Integer> handshakeStatus = new CompletableFuture<>();
    private volatile Connection connection;

    private RealtimeTestClient() {}

    static RealtimeTestClient connect(URI uri, Consumer<HttpHeaders> headers) {
        RealtimeTestClient client = new RealtimeTestClient();
        HttpClient.create()
                .headers(headers)
                .websocket(WebsocketClientSpec.builder()
                        .maxFramePayloadLength(16 * 1024 * 1024)
                        .build())
                .uri(uri)
                .handle((in, out) -> {
                    client.handshakeStatus.complete(101);
                    in.withConnection(c -> client.connection = c);
                    in.receiveCloseStatus().subscribe(s -> client.closed.complete(s.code()));
                    Mono<Void> receive = in.aggregateFrames(16 * 1024 * 1024)
                            .receive()
                            .asString()
                            .doOnNext(text -> client.events.add(JSON.readTree(text)))
                            .then()
                            .doFinally(s -> client.closed.complete(1006));
                    return Mono.when(
                            receive, out.sendString(client.outbound.asFlux()).then());
                })
                .doOnError(e -> {
                    String message = String.valueOf(e.getMessage());
                    java.util.regex.Matcher m =
                            java.util.regex.Pattern.compile("(\\d{3})").matcher(message);
                    client.handshakeStatus.complete(m.find() ? Integer.parseInt(m.group(1)) : -1);
                    client.closed.complete(-1);
                })
                .subscribe(v -> {}, e -> {});
        return client;
    }

    static RealtimeTestClient withApiKey(URI uri, String apiKey) {
        return connect(uri, h -> h.set("api-key", apiKey));
    }

    /** 101 when the upgrade succeeded, otherwise the HTTP status of the refusal. */
    int awaitHandshake() {
        return handshakeStatus
                .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                .join();
    }

    void send(String json) {
        outbound.tryEmitNext(json);
    }

    void sendFixture(String name) {
        send(fixture(name));
    }

    void appendAudio(byte[] audio) {
        send("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}");
    }

    /** Streams audio in 20 ms appends (the gateway's frame size). */
    void appendInFrames(byte[] audio, int frameBytes) {
        for (int i = 0; i < audio.length; i += frameBytes) {
            appendAudio(java.util.Arrays.copyOfRange(audio, i, Math.min(audio.length, i + frameBytes)));
        }
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    List<String> types() {
        return events.stream().map(e -> e.path("type").asString("")).toList();
    }

    List<JsonNode> events(String type) {
        return events.stream()
                .filter(e -> type.equals(e.path("type").asString("")))
                .toList();
    }

    JsonNode await(String type) {
        return await(type, 1);
    }

    JsonNode await(String type, int n) {
        return Await.until(
                () -> {
                    List<JsonNode> matching = events(type);
                    return matching.size() >= n ? matching.get(n - 1) : null;
                },
                Duration.ofSeconds(10),
                type + " #" + n + " (got " + types() + ")");
    }

    int awaitClose() {
        return closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    byte[] audioReceived(String deltaType) {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (JsonNode e : events(deltaType)) {
            byte[] b = Base64.getDecoder().decode(e.get("delta").stringValue());
            parts.add(b);
            total += b.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] b : parts) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }

    static String fixture(String name) {
        try (InputStream in = RealtimeTestClient.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        if (connection != null) {
            connection.dispose();
        }
    }
}
