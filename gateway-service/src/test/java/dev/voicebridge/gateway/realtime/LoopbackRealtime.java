package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Real connections to a {@link ScriptedRealtimeServer} on loopback, for trying the assistant
 * session's parts one at a time, and ways to read what the server received.
 */
final class LoopbackRealtime {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** A connection whose server events nobody needs. */
    static final RealtimeConnection.Handler IGNORE = new RealtimeConnection.Handler() {
        @Override
        public void onEvent(RealtimeConnection connection, ServerEvent event) {}

        @Override
        public void onClosed(RealtimeConnection connection, int code, String reason, boolean byUs) {}
    };

    private LoopbackRealtime() {}

    static RealtimeConnector connector(ScriptedRealtimeServer server) {
        return new RealtimeConnector(new RealtimeProperties(
                URI.create(server.baseUrl()),
                "test-key",
                null,
                "gpt-realtime",
                null,
                null,
                "You are a test assistant.",
                RealtimeProperties.AudioMode.PASSTHROUGH,
                null,
                false,
                new RealtimeProperties.Vad(TurnDetection.Type.SERVER_VAD, 0.6, 300, 300, "auto", true),
                new RealtimeProperties.Resilience(
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(50),
                        Duration.ofMillis(500),
                        Duration.ofMinutes(28),
                        Duration.ofMinutes(2),
                        Duration.ofSeconds(15),
                        30)));
    }

    /** Opens the server's {@code n}-th connection; returns the client side, the server side is {@code n}. */
    static RealtimeConnection connect(RealtimeConnector connector) {
        return connector.connect("call-loopback", IGNORE).block(WAIT);
    }

    /**
     * Sends a marker after everything sent so far and waits for the server to receive it: the socket
     * keeps order, so whatever is not there by then was never sent.
     */
    static void flush(RealtimeConnection client, ScriptedRealtimeServer.Connection server) {
        int before = server.received("test.marker").size();
        client.send("{\"type\":\"test.marker\"}");
        RecordingCallLeg.await(
                "the marker", WAIT, () -> server.received("test.marker").size() > before);
    }

    /** The client event types the server received, markers left out. */
    static List<String> types(ScriptedRealtimeServer.Connection server) {
        return server.received.stream()
                .map(n -> n.path("type").stringValue())
                .filter(t -> !"test.marker".equals(t))
                .toList();
    }

    /** The audio of one input_audio_buffer.append. */
    static byte[] audio(JsonNode append) {
        return Base64.getDecoder().decode(append.path("audio").stringValue());
    }

    /** A 20 ms µ-law frame filled with {@code value}, so the order of frames can be read back. */
    static byte[] frame(int value) {
        byte[] frame = new byte[160];
        java.util.Arrays.fill(frame, (byte) value);
        return frame;
    }
}
