package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.json.JsonBase64;
import dev.voicebridge.gateway.json.JsonText;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a well-formed {@code media} message (50 a second on every call) by streaming its tokens,
 * with no JSON tree and no String for the audio. It answers only when it is sure: for any other
 * event, and for anything unusual (a value of an odd type, a duplicate field that changes the
 * answer, anything malformed) it returns null and {@link MediaMessageCodec} reads the message as a
 * tree, which names what was wrong. So the two paths cannot disagree: this one only skips work.
 *
 * <p>The rules are the tree path's: fields in any order, unknown fields ignored, numbers as numbers
 * or strings, the last of duplicate fields wins, nothing may follow the object.
 */
final class MediaMessageFastReader {

    private static final String INBOUND = "inbound";

    private MediaMessageFastReader() {}

    /** The message as {@link MediaMessage.Media}, or null when the tree path must decide. */
    static MediaMessage.Media read(String text) {
        try (JsonParser p = JsonText.parser(text)) {
            return media(p);
        } catch (JacksonException | IllegalArgumentException e) {
            return null; // malformed somewhere: the tree path names it
        }
    }

    private static MediaMessage.Media media(JsonParser p) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        boolean isMedia = false;
        boolean hasMedia = false;
        String streamSid = null;
        byte[] payload = null;
        String track = null;
        long chunk = 0;
        long timestamp = 0;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "event" -> {
                    if (value != JsonToken.VALUE_STRING || !JsonText.is(p, "media")) {
                        return null; // another event (or an odd one): not the hot path
                    }
                    isMedia = true;
                }
                case "streamSid" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        streamSid = p.getString();
                    } else if (value == JsonToken.VALUE_NULL) {
                        streamSid = null;
                    } else {
                        return null;
                    }
                }
                case "media" -> {
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    // A later media object replaces an earlier one whole, as in the tree.
                    hasMedia = true;
                    payload = null;
                    track = null;
                    chunk = 0;
                    timestamp = 0;
                    for (String field = p.nextName(); field != null; field = p.nextName()) {
                        JsonToken v = p.nextToken();
                        switch (field) {
                            case "payload" -> {
                                if (v != JsonToken.VALUE_STRING) {
                                    return null;
                                }
                                payload = JsonBase64.decodeString(p); // not base64: IllegalArgumentException
                            }
                            case "track" -> {
                                if (v == JsonToken.VALUE_STRING) {
                                    track = JsonText.is(p, INBOUND) ? INBOUND : p.getString();
                                } else if (v == JsonToken.VALUE_NULL) {
                                    track = null;
                                } else {
                                    return null;
                                }
                            }
                            case "chunk" -> {
                                if ((chunk = number(p, v)) < 0) {
                                    return null;
                                }
                            }
                            case "timestamp" -> {
                                if ((timestamp = number(p, v)) < 0) {
                                    return null;
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null || !isMedia || !hasMedia || payload == null) {
            return null;
        }
        return new MediaMessage.Media(streamSid, track == null ? INBOUND : track, chunk, timestamp, payload);
    }

    /**
     * A chunk or timestamp: an integer, an integer in a string, or null (0). Returns -1 for anything
     * else, negative values included: they are legal but rare, and the tree path reads them.
     */
    private static long number(JsonParser p, JsonToken value) {
        return switch (value) {
            case VALUE_NULL -> 0;
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG
                        ? p.getLongValue()
                        : -1;
            case VALUE_STRING -> JsonText.digits(p);
            default -> -1;
        };
    }
}
