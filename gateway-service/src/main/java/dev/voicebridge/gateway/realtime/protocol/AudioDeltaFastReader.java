package dev.voicebridge.gateway.realtime.protocol;

import dev.voicebridge.gateway.json.JsonBase64;
import dev.voicebridge.gateway.json.JsonText;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads an assistant audio delta, most of what Azure sends (10-50 a second per speaking call), by
 * streaming its tokens: no JSON tree, no String for the audio, which is decoded once, straight from
 * the parser's buffer. It answers only when it is sure: for any other event type, and for anything
 * unusual or malformed, it returns null and {@link ServerEventParser} reads the message as a tree,
 * which names what was wrong. So the two paths cannot disagree: this one only skips work.
 *
 * <p>The rules are the tree path's: fields in any order, unknown fields ignored, ids that are not
 * strings read as null, the last of duplicate fields wins, nothing may follow the object.
 */
final class AudioDeltaFastReader {

    private static final String CANONICAL = "response.output_audio.delta";

    /**
     * The ids of the last delta. A parser serves one connection, whose messages arrive one at a
     * time; even if not, a stale value only costs a new String, since it is compared before use.
     */
    private String lastResponseId;

    private String lastItemId;
    /** The wire names this protocol uses for an audio delta (a preview session accepts both). */
    private final List<String> wireTypes = new ArrayList<>(2);

    AudioDeltaFastReader(RealtimeProtocol protocol) {
        for (String wire : List.of(CANONICAL, "response.audio.delta")) {
            if (CANONICAL.equals(protocol.canonicalType(wire))) {
                wireTypes.add(wire);
            }
        }
    }

    /** The message as an {@link ServerEvent.AudioDelta}, or null when the tree path must decide. */
    ServerEvent.AudioDelta read(String message) {
        if (!message.contains("audio.delta\"")) {
            // Only picks the road: any other event (or a delta with an escaped type) would cost a
            // parser here and the tree after it. Both delta names end this way.
            return null;
        }
        try (JsonParser p = JsonText.parser(message)) {
            return delta(p);
        } catch (JacksonException | IllegalArgumentException e) {
            return null; // malformed somewhere (or the audio is not base64): the tree path names it
        }
    }

    private ServerEvent.AudioDelta delta(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        boolean isDelta = false;
        String responseId = null;
        String itemId = null;
        byte[] audio = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> {
                    if (value != JsonToken.VALUE_STRING || !isDeltaType(p)) {
                        return null;
                    }
                    isDelta = true;
                }
                case "response_id" -> {
                    responseId = stringOrNull(p, value, lastResponseId);
                    lastResponseId = responseId != null ? responseId : lastResponseId;
                }
                case "item_id" -> {
                    itemId = stringOrNull(p, value, lastItemId);
                    lastItemId = itemId != null ? itemId : lastItemId;
                }
                case "delta" -> audio = value == JsonToken.VALUE_STRING ? JsonBase64.decodeString(p) : skip(p);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null || !isDelta) {
            return null;
        }
        return new ServerEvent.AudioDelta(responseId, itemId, audio);
    }

    private boolean isDeltaType(JsonParser p) {
        for (String wire : wireTypes) {
            if (JsonText.is(p, wire)) {
                return true;
            }
        }
        return false;
    }

    /**
     * As {@link Json#text}: a string, or null for anything else (skipped whole). A string equal to
     * {@code last} is {@code last}: the deltas of one response repeat its ids, 10-50 times a second.
     */
    private static String stringOrNull(JsonParser p, JsonToken value, String last) {
        if (value == JsonToken.VALUE_STRING) {
            return last != null && JsonText.is(p, last) ? last : p.getString();
        }
        p.skipChildren();
        return null;
    }

    private static byte[] skip(JsonParser p) {
        p.skipChildren();
        return null;
    }
}
