package dev.voicebridge.simulator.contract;

import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an event as a {@link dev.voicebridge.simulator.SessionRecord} keeps it back into the shape it
 * had on the wire. The record leaves out the two base64 payloads to stay small: an
 * {@code input_audio_buffer.append} keeps {@code audio_bytes} in place of {@code audio}, an audio
 * delta keeps {@code delta_bytes} in place of {@code delta}. Here the count becomes a base64 string of
 * that many (zero) bytes again, so the event can be checked against its schema; every other field is
 * left exactly as recorded.
 */
public final class RecordedEvents {

    private RecordedEvents() {}

    /** A copy of {@code recorded} with its audio field restored; the event itself when there is none. */
    public static JsonNode asSent(JsonNode recorded) {
        if (recorded == null || !recorded.isObject()) {
            return recorded;
        }
        String type = recorded.path("type").asString("");
        if (type.equals("input_audio_buffer.append") && recorded.has("audio_bytes")) {
            return restore((ObjectNode) recorded, "audio_bytes", "audio");
        }
        if ((type.equals("response.output_audio.delta") || type.equals("response.audio.delta"))
                && recorded.has("delta_bytes")) {
            return restore((ObjectNode) recorded, "delta_bytes", "delta");
        }
        return recorded;
    }

    private static JsonNode restore(ObjectNode recorded, String countField, String audioField) {
        ObjectNode sent = recorded.deepCopy();
        int bytes = sent.remove(countField).asInt();
        sent.put(audioField, Base64.getEncoder().encodeToString(new byte[bytes]));
        return sent;
    }
}
