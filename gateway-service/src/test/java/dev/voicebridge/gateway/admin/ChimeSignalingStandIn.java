package dev.voicebridge.gateway.admin;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a Chime SDK meeting's signaling service, as far as amazon-chime-sdk-js 3.x needs
 * it to join with audio: the WebSocket at the join info's SignalingUrl ({@code /control/<meetingId>}),
 * the attendee's JoinToken offered as the subprotocol pair {@code _aws_wt_session, <token>}, and the
 * SDK's frames (one type byte 0x05, then a protobuf {@code SdkSignalFrame} of the SDK's own
 * SignalingProtocol.proto): JOIN answered with JOIN_ACK (no TURN credentials, so the SDK gathers host
 * candidates) and an INDEX; SUBSCRIBE's SDP offer handed to {@code media} (the meeting's media peer)
 * and its answer sent back in SUBSCRIBE_ACK, then AUDIO_STREAM_ID_INFO saying the console's attendee
 * and a phone attendee are present; PINGs answered with PONGs. Records what it saw for the test.
 * Netty event-loop threads.
 */
final class ChimeSignalingStandIn implements AutoCloseable {

    /** What the SDK sent on one connection. */
    record Joined(String path, String query, String joinToken, List<Integer> frameTypes) {}

    static final String PHONE_ATTENDEE = "pstn-attendee-0001";

    private static final int JOIN = 1, JOIN_ACK = 2, SUBSCRIBE = 3, SUBSCRIBE_ACK = 4, INDEX = 5;
    private static final int AUDIO_STREAM_ID_INFO = 18, PING_PONG = 19;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DisposableServer server;
    private final AtomicReference<Sinks.Many<String>> peer = new AtomicReference<>();
    private final AtomicReference<Sinks.One<String>> answer = new AtomicReference<>();
    private final List<Joined> connections = new CopyOnWriteArrayList<>();
    private final Map<String, String> attendeeByToken = new ConcurrentHashMap<>();

    /**
     * The meeting's media peer connects to {@link #peerUrl()}: it gets {@code {"type":"offer","sdp"}}
     * and answers {@code {"type":"answer","sdp"}}.
     */
    ChimeSignalingStandIn() {
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.uri().startsWith("/peer")
                        ? response.sendWebsocket(this::peer)
                        : response.sendWebsocket(
                                (in, out) -> session(request, in, out),
                                WebsocketServerSpec.builder()
                                        .protocols("_aws_wt_session")
                                        .build()))
                .bindNow(Duration.ofSeconds(10));
    }

    String peerUrl() {
        return "ws://127.0.0.1:" + server.port() + "/peer";
    }

    private Mono<Void> peer(WebsocketInbound in, WebsocketOutbound out) {
        Sinks.Many<String> offers = Sinks.many().unicast().onBackpressureBuffer();
        peer.set(offers);
        Mono<Void> answers = in.receive()
                .asString()
                .doOnNext(text -> {
                    Sinks.One<String> waiting = answer.getAndSet(null);
                    if (waiting != null) {
                        waiting.tryEmitValue(JSON.readTree(text).path("sdp").asString());
                    }
                })
                .then();
        return Mono.when(answers, out.sendString(offers.asFlux()).then());
    }

    /** The SDK's offer to the media peer, its answer back. */
    private Mono<String> media(String offer) {
        Sinks.Many<String> to = peer.get();
        if (to == null) {
            return Mono.error(new IllegalStateException("no media peer connected"));
        }
        Sinks.One<String> reply = Sinks.one();
        answer.set(reply);
        to.tryEmitNext(
                JSON.createObjectNode().put("type", "offer").put("sdp", offer).toString());
        return reply.asMono().timeout(Duration.ofSeconds(15));
    }

    /** The attendee whose JoinToken this is (as CreateAttendee answered both), for its presence. */
    void expect(String joinToken, String attendeeId) {
        attendeeByToken.put(joinToken, attendeeId);
    }

    /** The SignalingUrl a CreateMeeting answer names: {@code ws://127.0.0.1:<port>/control/<meetingId>}. */
    String signalingUrl(String meetingId) {
        return "ws://127.0.0.1:" + server.port() + "/control/" + meetingId;
    }

    List<Joined> connections() {
        return List.copyOf(connections);
    }

    private Mono<Void> session(HttpServerRequest request, WebsocketInbound in, WebsocketOutbound out) {
        String[] protocols =
                request.requestHeaders().get("Sec-WebSocket-Protocol", "").split(",\\s*");
        String token = protocols.length == 2 && protocols[0].equals("_aws_wt_session") ? protocols[1] : "";
        List<Integer> types = new CopyOnWriteArrayList<>();
        String uri = request.uri();
        int q = uri.indexOf('?');
        connections.add(new Joined(q < 0 ? uri : uri.substring(0, q), q < 0 ? "" : uri.substring(q + 1), token, types));
        Sinks.Many<byte[]> frames = Sinks.many().unicast().onBackpressureBuffer();
        Mono<Void> receive = in.receive()
                .asByteArray()
                .concatMap(bytes -> {
                    Proto frame = Proto.parse(bytes, 1, bytes.length);
                    int type = (int) frame.varint(2);
                    types.add(type);
                    return switch (type) {
                        case JOIN -> {
                            frames.tryEmitNext(frame(JOIN_ACK, 5, new byte[0]));
                            frames.tryEmitNext(frame(
                                    INDEX, 8, new Proto.Writer().varint(4, 2).bytes()));
                            yield Mono.empty();
                        }
                        case SUBSCRIBE -> {
                            String offer = Proto.parse(frame.bytes(6)).string(4);
                            yield media(offer)
                                    .doOnNext(answer -> {
                                        frames.tryEmitNext(frame(
                                                SUBSCRIBE_ACK,
                                                7,
                                                new Proto.Writer()
                                                        .string(3, answer)
                                                        .bytes()));
                                        frames.tryEmitNext(frame(
                                                AUDIO_STREAM_ID_INFO,
                                                19,
                                                new Proto.Writer()
                                                        .message(
                                                                1,
                                                                new Proto.Writer()
                                                                        .varint(1, 1)
                                                                        .string(
                                                                                2,
                                                                                attendeeByToken.getOrDefault(
                                                                                        token, "unknown"))
                                                                        .string(4, "console")
                                                                        .bytes())
                                                        .message(
                                                                1,
                                                                new Proto.Writer()
                                                                        .varint(1, 2)
                                                                        .string(2, PHONE_ATTENDEE)
                                                                        .string(4, "+14155550170")
                                                                        .bytes())
                                                        .bytes()));
                                    })
                                    .then();
                        }
                        case PING_PONG -> {
                            long id = Proto.parse(frame.bytes(20)).varint(2);
                            frames.tryEmitNext(frame(
                                    PING_PONG,
                                    20,
                                    new Proto.Writer()
                                            .varint(1, 2)
                                            .varint(2, id)
                                            .bytes()));
                            yield Mono.empty();
                        }
                        default -> Mono.empty();
                    };
                })
                .then()
                .doFinally(s -> frames.tryEmitComplete());
        return Mono.when(
                receive, out.send(frames.asFlux().map(Unpooled::wrappedBuffer)).then());
    }

    /** 0x05 (the SDK's FRAME_TYPE_RTC) + SdkSignalFrame{timestamp_ms, type, <field>: body}. */
    private static byte[] frame(int type, int field, byte[] body) {
        byte[] proto = new Proto.Writer()
                .varint(1, System.currentTimeMillis())
                .varint(2, type)
                .message(field, body)
                .bytes();
        byte[] framed = new byte[proto.length + 1];
        framed[0] = 0x05;
        System.arraycopy(proto, 0, framed, 1, proto.length);
        return framed;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    /** Just enough protobuf wire format: varints and length-delimited fields, by field number. */
    static final class Proto {
        private final Map<Integer, List<Object>> fields = new ConcurrentHashMap<>();

        static Proto parse(byte[] bytes) {
            return parse(bytes, 0, bytes.length);
        }

        static Proto parse(byte[] bytes, int from, int to) {
            Proto proto = new Proto();
            int[] at = {from};
            while (at[0] < to) {
                long key = readVarint(bytes, at);
                int number = (int) (key >>> 3);
                int wire = (int) (key & 7);
                Object value;
                switch (wire) {
                    case 0 -> value = readVarint(bytes, at);
                    case 2 -> {
                        int length = (int) readVarint(bytes, at);
                        byte[] data = new byte[length];
                        System.arraycopy(bytes, at[0], data, 0, length);
                        at[0] += length;
                        value = data;
                    }
                    case 1 -> {
                        at[0] += 8;
                        value = 0L;
                    }
                    case 5 -> {
                        at[0] += 4;
                        value = 0L;
                    }
                    default -> throw new IllegalArgumentException("wire type " + wire);
                }
                proto.fields.computeIfAbsent(number, n -> new ArrayList<>()).add(value);
            }
            return proto;
        }

        long varint(int number) {
            List<Object> values = fields.get(number);
            return values == null ? 0 : (Long) values.get(0);
        }

        byte[] bytes(int number) {
            List<Object> values = fields.get(number);
            return values == null ? new byte[0] : (byte[]) values.get(0);
        }

        String string(int number) {
            return new String(bytes(number), StandardCharsets.UTF_8);
        }

        private static long readVarint(byte[] bytes, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        static final class Writer {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();

            Writer varint(int number, long value) {
                raw(((long) number << 3));
                raw(value);
                return this;
            }

            Writer string(int number, String value) {
                return message(number, value.getBytes(StandardCharsets.UTF_8));
            }

            Writer message(int number, byte[] value) {
                raw(((long) number << 3) | 2);
                raw(value.length);
                out.writeBytes(value);
                return this;
            }

            byte[] bytes() {
                return out.toByteArray();
            }

            private void raw(long value) {
                while ((value & ~0x7FL) != 0) {
                    out.write((int) ((value & 0x7F) | 0x80));
                    value >>>= 7;
                }
                out.write((int) value);
            }
        }
    }
}
