package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.realtime.protocol.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny WebSocket server on loopback that a test scripts event by event, for the edge cases the
 * simulator does not reach on cue: a server that echoes a different format than asked, and
 * precise barge-in timing. It answers session.update with session.updated (through
 * {@link #sessionEcho}) and records every client message.
 */
final class ScriptedRealtimeServer implements AutoCloseable {

    static final class Connection {
        final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
        final List<JsonNode> received = new CopyOnWriteArrayList<>();

        synchronized void send(String json) {
            out.tryEmitNext(json);
        }

        List<JsonNode> received(String type) {
            return received.stream()
                    .filter(n -> type.equals(n.path("type").stringValue()))
                    .toList();
        }
    }

    private final DisposableServer server;
    final List<Connection> connections = new CopyOnWriteArrayList<>();
    volatile UnaryOperator<ObjectNode> sessionEcho = s -> s;

    ScriptedRealtimeServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((req, res) -> res.sendWebsocket((in, out) -> {
                    Connection c = new Connection();
                    connections.add(c);
                    c.send("{\"type\":\"session.created\",\"event_id\":\"e0\",\"session\":{\"id\":\"sess_"
                            + connections.size() + "\",\"expires_at\":"
                            + Instant.now().plusSeconds(1800).getEpochSecond() + "}}");
                    Mono<Void> reading = in.receive()
                            .asString()
                            .doOnNext(text -> {
                                JsonNode node = Json.MAPPER.readTree(text);
                                c.received.add(node);
                                if ("session.update".equals(node.path("type").stringValue())) {
                                    ObjectNode echoed =
                                            sessionEcho.apply(((ObjectNode) node.path("session")).deepCopy());
                                    ObjectNode reply = Json.MAPPER
                                            .createObjectNode()
                                            .put("type", "session.updated")
                                            .put("event_id", "e1");
                                    reply.set("session", echoed);
                                    c.send(reply.toString());
                                }
                            })
                            .then()
                            .doFinally(s -> c.out.tryEmitComplete());
                    return Mono.when(reading, out.sendString(c.out.asFlux()).then());
                }))
                .bindNow();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    Connection awaitConnection(int n) {
        RecordingCallLeg.await("connection " + n, Duration.ofSeconds(10), () -> connections.size() >= n);
        return connections.get(n - 1);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
