package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.wire.Base64Bytes;
import dev.voicebridge.bench.wire.JsonBytes;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * One WebSocket caller's text messages as bytes: audio messages are written straight into a pooled
 * buffer (JSON around base64 encoded in place) and received ones are read in a reused array, so a
 * caller allocates no String, no byte[] and no JSON per frame. Messages are written to the channel
 * itself rather than through a reactive send stream: the {@link Pacer} ticks on the socket's event
 * loop, so a frame is written and flushed where it is made, with no queue and no hand-off per frame.
 * The connection's handler ends when {@link #complete()} is called and the far end has closed.
 */
final class WebSocketText {

    private final Sinks.Empty<Void> done = Sinks.empty();
    private final byte[] encoded = new byte[Base64Bytes.encodedLength(4096)];
    private byte[] received = new byte[4096];
    private byte[] decoded = new byte[2048];
    private volatile Connection connection;

    /** Completes when the caller has finished sending (its hang-up). */
    reactor.core.publisher.Mono<Void> sent() {
        return done.asMono();
    }

    /** Remembers the socket (for its event loop and allocator) and reads every inbound message with {@code reader}. */
    reactor.core.publisher.Mono<Void> receive(WebsocketInbound in, Reader reader) {
        return in.receive()
                .doOnNext(buf -> {
                    int n = buf.readableBytes();
                    if (received.length < n) {
                        received = new byte[Math.max(n, received.length * 2)];
                    }
                    buf.getBytes(buf.readerIndex(), received, 0, n);
                    reader.read(received, n);
                })
                .then();
    }

    void attach(Connection c) {
        connection = c;
    }

    /** The socket's event loop, or null before it is connected. */
    java.util.concurrent.Executor loop() {
        Connection c = connection;
        return c == null ? null : c.channel().eventLoop();
    }

    /** Reads one received text message held in {@code json[0, length)}. */
    @FunctionalInterface
    interface Reader {
        void read(byte[] json, int length);
    }

    void send(String text) {
        write(new TextWebSocketFrame(text));
    }

    /**
     * Sends {@code head}, then {@code numbers} as decimals each followed by its separator in
     * {@code between}, then base64 of {@code audio}, then {@code tail}.
     */
    void sendAudio(byte[] head, long[] numbers, byte[][] between, byte[] audio, int length, byte[] tail) {
        Connection c = connection;
        if (c == null || !c.channel().isActive()) {
            return;
        }
        int end = Base64Bytes.encode(audio, length, encoded, 0);
        ByteBuf buf = c.channel().alloc().buffer(head.length + 48 + end + tail.length);
        buf.writeBytes(head);
        for (int i = 0; i < numbers.length; i++) {
            buf.writeCharSequence(Long.toString(numbers[i]), StandardCharsets.US_ASCII);
            buf.writeBytes(between[i]);
        }
        buf.writeBytes(encoded, 0, end);
        buf.writeBytes(tail);
        c.channel().writeAndFlush(new TextWebSocketFrame(buf));
    }

    /** The caller has sent its last message. */
    void complete() {
        done.tryEmitEmpty();
    }

    private void write(WebSocketFrame frame) {
        Connection c = connection;
        if (c == null || !c.channel().isActive()) {
            frame.release(); // not connected, or already gone: nothing will write it
            return;
        }
        // Netty keeps the order of writes; one from another thread is queued behind the loop's own.
        c.channel().writeAndFlush(frame);
    }

    /** Finds a base64 field in a received message and hands its decoded bytes to {@code audio}. */
    void decodeField(byte[] json, int length, byte[] key, AudioSink audio) {
        int start = JsonBytes.valueStart(json, length, key);
        if (start < 0) {
            return;
        }
        int end = JsonBytes.stringEnd(json, length, start);
        int max = Base64Bytes.maxDecoded(end - start);
        if (decoded.length < max) {
            decoded = new byte[Math.max(max, decoded.length * 2)];
        }
        int n = Base64Bytes.decode(json, start, end, decoded);
        if (n > 0) {
            audio.heard(decoded, n);
        }
    }

    @FunctionalInterface
    interface AudioSink {
        void heard(byte[] audio, int length);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
