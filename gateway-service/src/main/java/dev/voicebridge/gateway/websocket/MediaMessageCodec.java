package dev.voicebridge.gateway.websocket;

import static dev.voicebridge.gateway.websocket.MediaStreamException.INVALID_PAYLOAD;

import dev.voicebridge.gateway.json.JsonBase64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the Twilio Media Streams JSON messages. Reading is strict about what the gateway
 * needs (a start without a stream id, a media message without base64 audio end the stream with
 * close code 1007 and a reason naming the field) and lenient about everything else: unknown fields
 * and events are ignored, numbers may come as strings as Twilio sends them.
 *
 * <p>Media messages, 50 a second each way on every call, take faster roads with the same results:
 * inbound ones are streamed ({@link MediaMessageFastReader}), outbound ones are written around a
 * per-stream prefix ({@link StreamWriter}). Everything else goes through a JSON tree.
 */
public final class MediaMessageCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MediaMessageCodec() {}

    /**
     * @throws MediaStreamException (1007, a reason naming what was wrong) for a malformed message
     */
    public static MediaMessage read(String text) {
        MediaMessage.Media media = MediaMessageFastReader.read(text);
        return media != null ? media : readTree(text);
    }

    /** Every message the fast path leaves alone, and every malformed one: the errors are named here. */
    private static MediaMessage readTree(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed message: not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed message: not a JSON object");
        }
        String event = text(root, "event");
        if (event == null) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed message: no event field");
        }
        String streamSid = text(root, "streamSid");
        return switch (event) {
            case "connected" -> new MediaMessage.Connected(text(root, "protocol"), text(root, "version"));
            case "start" -> start(root);
            case "media" -> media(root, streamSid);
            case "dtmf" -> dtmf(root, streamSid);
            case "mark" -> new MediaMessage.Mark(streamSid, text(root.path("mark"), "name"));
            case "stop" -> new MediaMessage.Stop(streamSid);
            default -> new MediaMessage.Unknown(event);
        };
    }

    private static MediaMessage.Start start(JsonNode root) {
        JsonNode start = root.get("start");
        if (start == null || !start.isObject()) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed start: no start object");
        }
        String streamSid = text(start, "streamSid");
        if (streamSid == null) {
            streamSid = text(root, "streamSid");
        }
        if (streamSid == null || streamSid.isBlank()) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed start: missing start.streamSid");
        }
        JsonNode format = start.get("mediaFormat");
        if (format == null || !format.isObject()) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed start: missing start.mediaFormat");
        }
        String encoding = text(format, "encoding");
        if (encoding == null) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed start: missing start.mediaFormat.encoding");
        }
        MediaMessage.MediaFormat mediaFormat = new MediaMessage.MediaFormat(
                encoding, intNumber(format, "sampleRate", 8000), intNumber(format, "channels", 1));
        List<String> tracks = new ArrayList<>();
        for (JsonNode track : start.path("tracks")) {
            tracks.add(track.asString(""));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode custom = start.path("customParameters");
        if (custom.isObject()) {
            for (Map.Entry<String, JsonNode> e : custom.properties()) {
                if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                    parameters.put(e.getKey(), e.getValue().asString(""));
                }
            }
        }
        return new MediaMessage.Start(streamSid, text(start, "callSid"), tracks, mediaFormat, parameters);
    }

    private static MediaMessage.Media media(JsonNode root, String streamSid) {
        JsonNode media = root.get("media");
        if (media == null || !media.isObject()) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed media: no media object");
        }
        String payload = text(media, "payload");
        if (payload == null) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed media: missing media.payload");
        }
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed media: media.payload is not base64");
        }
        String track = text(media, "track");
        return new MediaMessage.Media(
                streamSid,
                track == null ? "inbound" : track,
                number(media, "chunk", 0),
                number(media, "timestamp", 0),
                audio);
    }

    private static MediaMessage.Dtmf dtmf(JsonNode root, String streamSid) {
        String digit = text(root.path("dtmf"), "digit");
        if (digit == null || digit.length() != 1 || "0123456789*#ABCD".indexOf(digit.charAt(0)) < 0) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed dtmf: dtmf.digit must be one of 0-9 * # A-D");
        }
        return new MediaMessage.Dtmf(streamSid, digit.charAt(0));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asString("") : null;
    }

    private static long number(JsonNode node, String field, long fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isNumber()) {
            // 1e30 or a 30-digit integer does not fit a long: asLong would throw. A fraction is cut off.
            if (v.isIntegralNumber()) {
                if (!v.canConvertToLong()) {
                    throw outOfRange(field);
                }
                return v.longValue();
            }
            double d = v.doubleValue();
            if (!(Math.abs(d) < 0x1p63)) {
                throw outOfRange(field);
            }
            return (long) d;
        }
        try {
            return Long.parseLong(v.asString("").trim());
        } catch (NumberFormatException e) {
            throw new MediaStreamException(INVALID_PAYLOAD, "malformed message: " + field + " is not a number");
        }
    }

    /** As {@link #number}, for a field held in an int: a cast would turn 4294975296 Hz into 8000 Hz. */
    private static int intNumber(JsonNode node, String field, int fallback) {
        long value = number(node, field, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw outOfRange(field);
        }
        return (int) value;
    }

    private static MediaStreamException outOfRange(String field) {
        return new MediaStreamException(INVALID_PAYLOAD, "malformed message: " + field + " is out of range");
    }

    /** One {@code media} message; a leg sending many uses a {@link StreamWriter} instead. */
    public static String media(String streamSid, byte[] audio) {
        return new StreamWriter(streamSid).media(audio);
    }

    static String mark(String streamSid, String name) {
        return new StreamWriter(streamSid).mark(name);
    }

    static String clear(String streamSid) {
        return new StreamWriter(streamSid).clear();
    }

    /**
     * The outbound messages of one stream. The JSON around the audio depends only on the stream id,
     * so it is escaped once here and each frame costs its base64 and one string.
     */
    public static final class StreamWriter {

        private static final byte[] MEDIA_SUFFIX = "\"}}".getBytes(StandardCharsets.ISO_8859_1);

        private final String quotedStreamSid;
        private final byte[] mediaPrefix;
        private final String clear;

        public StreamWriter(String streamSid) {
            quotedStreamSid = quote(streamSid);
            mediaPrefix = ("{\"event\":\"media\",\"streamSid\":" + quotedStreamSid + ",\"media\":{\"payload\":\"")
                    .getBytes(StandardCharsets.ISO_8859_1);
            clear = "{\"event\":\"clear\",\"streamSid\":" + quotedStreamSid + "}";
        }

        public String media(byte[] audio) {
            return JsonBase64.wrap(mediaPrefix, audio, audio.length, MEDIA_SUFFIX);
        }

        public String mark(String name) {
            return "{\"event\":\"mark\",\"streamSid\":" + quotedStreamSid + ",\"mark\":{\"name\":" + quote(name) + "}}";
        }

        public String clear() {
            return clear;
        }

        /**
         * A JSON string literal in pure ASCII: Jackson escapes quotes, backslashes and control
         * characters; the rest of non-ASCII is written as {@code \\uXXXX} so the message stays
         * Latin-1 and the audio can be appended byte by byte. A null value is JSON null.
         */
        static String quote(String value) {
            if (value == null) {
                return "null";
            }
            char[] escaped = JsonStringEncoder.getInstance().quoteAsCharArray(value);
            StringBuilder out = new StringBuilder(escaped.length + 2).append('"');
            for (char c : escaped) {
                if (c < 0x80) {
                    out.append(c);
                } else {
                    out.append("\\u")
                            .append(HEX[c >>> 12])
                            .append(HEX[(c >>> 8) & 0xF])
                            .append(HEX[(c >>> 4) & 0xF])
                            .append(HEX[c & 0xF]);
                }
            }
            return out.append('"').toString();
        }

        private static final char[] HEX = "0123456789abcdef".toCharArray();
    }
}
