package dev.voicebridge.simulator;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@code input_audio_buffer.append} read with a streaming parser instead of a JSON tree: the one
 * client event that arrives every 20-100 ms of every call, so a tree of it (and a copy without its
 * base64) was most of what the simulator cost under load. Only the plain shape is read here (an
 * object whose {@code type} is the append, {@code event_id} a string if present); anything else is
 * left to the general path, so errors and edge cases behave exactly as before.
 *
 * @param eventId the client's event_id, or null
 * @param audio   the base64 text of {@code audio}, or null when the field is missing
 * @param others  every other field in order, for the session record; null unless asked for
 */
record AppendEvent(String eventId, String audio, ObjectNode others) {

    static final String TYPE = "input_audio_buffer.append";

    /**
     * Reads {@code text} if it is a plain append; null if it is another event or an unusual shape.
     *
     * @param keepOthers whether to keep the fields other than {@code audio} (only when events are recorded)
     * @throws JacksonException when {@code text} is not JSON at all
     */
    static AppendEvent read(String text, JsonMapper json, boolean keepOthers) {
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            String eventId = null;
            String audio = null;
            ObjectNode others = keepOthers ? json.createObjectNode() : null;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "audio" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            // A non-string audio: the general path reports it exactly as before.
                            return null;
                        }
                        audio = p.getString();
                        continue;
                    }
                    case "type" -> {
                        if (value != JsonToken.VALUE_STRING || !(type = p.getString()).equals(TYPE)) {
                            return null;
                        }
                    }
                    case "event_id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        eventId = p.getString();
                    }
                    default -> {
                        // Other fields are ignored by Azure on an append; kept only for the record.
                    }
                }
                if (others == null) {
                    p.skipChildren();
                } else if (value == JsonToken.VALUE_STRING) {
                    others.put(name, p.getString());
                } else {
                    // Recorded fields of other kinds keep their exact node type through the general path.
                    return null;
                }
            }
            if (type == null || p.nextToken() != null) {
                return null;
            }
            return new AppendEvent(eventId, audio, others);
        }
    }
}
