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

    private MediaMessageFastReader() {
    }

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
        String streamSid = null;
        Fields media = null;
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
                    media = value == JsonToken.START_OBJECT ? fields(p) : null;
                    if (media == null) {
                        return null;
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null || !isMedia || media == null || media.payload == null) {
            return null;
        }
        return new MediaMessage.Media(streamSid, media.track == null ? INBOUND : media.track, media.chunk,
                media.timestamp, media.payload);
    }

    /** The media object's fields; null when one of them needs the tree path. */
    private static Fields fields(JsonParser p) {
        Fields f = new Fields();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "payload" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    f.payload = JsonBase64.decodeString(p); // not base64: IllegalArgumentException, tree path
                }
                case "track" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        f.track = JsonText.is(p, INBOUND) ? INBOUND : p.getString();
                    } else if (value == JsonToken.VALUE_NULL) {
                        f.track = null;
                    } else {
                        return null;
                    }
                }
                case "chunk" -> {
                    if ((f.chunk = number(p, value)) < 0) {
                        return null;
                    }
                }
                case "timestamp" -> {
                    if ((f.timestamp = number(p, value)) < 0) {
                        return null;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return f;
    }

    /**
     * A chunk or timestamp: an integer, an integer in a string, or null (0). Returns -1 for anything
     * else, negative values included: they are legal but rare, and the tree path reads them.
     */
    private static long number(JsonParser p, JsonToken value) {
        return switch (value) {
            case VALUE_NULL -> 0;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT
                    || p.getNumberType() == JsonParser.NumberType.LONG ? p.getLongValue() : -1;
            case VALUE_STRING -> JsonText.digits(p);
            default -> -1;
        };
    }

    private static final class Fields {
        byte[] payload;
        String track;
        long chunk;
        long timestamp;
    }
}
