package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one profile's YAML map into an {@link AssistantProfile}, refusing anything it does not know
 * with a message naming the profile and the field (e.g. {@code profile 'sales': field
 * 'vad.threshold' must be a number between 0 and 1}). Used once, at start-up.
 */
final class ProfileParser {

    static final List<String> FIELDS = List.of(
            "instructions", "voice", "greeting", "numbers", "transcription", "vad", "tools", "transfer", "recording");
    static final List<String> TRANSCRIPTION_FIELDS = List.of("model", "language");
    static final List<String> VAD_FIELDS =
            List.of("type", "threshold", "silence_duration_ms", "prefix_padding_ms", "eagerness");
    /** The built-in tools a profile may switch on or off (tools/ names them the same). */
    static final List<String> BUILT_IN_TOOLS = List.of("hang_up", "transfer_to_human", "send_dtmf");

    static final List<String> TRANSFER_FIELDS = List.of("number", "allowed");
    static final List<String> EAGERNESS = List.of("low", "medium", "high", "auto");
    static final int MAX_INSTRUCTIONS = 16_000;
    static final int MAX_GREETING = 1_000;

    private static final Pattern NAME = AssistantProfiles.NAME;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    private final String at;
    private final Map<?, ?> fields;

    private ProfileParser(String at, Map<?, ?> fields) {
        this.at = at;
        this.fields = fields;
    }

    /** @param at where the profile is, for messages: "GATEWAY_PROFILES_FILE f: profile 'x'" */
    static AssistantProfile parse(String name, String at, Object value) {
        if (!(value instanceof Map<?, ?> fields)) {
            throw new IllegalStateException(at + ": expected a map of " + FIELDS);
        }
        return new ProfileParser(at, fields).profile(name);
    }

    private AssistantProfile profile(String name) {
        known(fields, FIELDS, "");
        String voice = text(fields, "voice", 64);
        if (voice != null && !NAME.matcher(voice).matches()) {
            throw fail("voice", "must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        CallOverrides prompt = new CallOverrides(
                text(fields, "instructions", MAX_INSTRUCTIONS), voice, text(fields, "greeting", MAX_GREETING));
        Map<?, ?> transcription = map(fields, "transcription");
        String model = null;
        String language = null;
        if (transcription != null) {
            known(transcription, TRANSCRIPTION_FIELDS, "transcription.");
            model = text(transcription, "model", 64, "transcription.model");
            if (model != null && !NAME.matcher(model).matches()) {
                throw fail("transcription.model", "must be 1-64 characters of A-Z a-z 0-9 _ . -");
            }
            language = text(transcription, "language", 2, "transcription.language");
            if (language != null && !LANGUAGE.matcher(language).matches()) {
                throw fail("transcription.language", "must be an ISO-639-1 code of two lower-case letters, like en");
            }
        }
        Map<String, Boolean> tools = new LinkedHashMap<>();
        Map<?, ?> toolMap = map(fields, "tools");
        if (toolMap != null) {
            known(toolMap, BUILT_IN_TOOLS, "tools.");
            toolMap.forEach((tool, on) -> tools.put(String.valueOf(tool), bool(on, "tools." + tool)));
        }
        String transferNumber = null;
        List<String> allowed = null;
        Map<?, ?> transfer = map(fields, "transfer");
        if (transfer != null) {
            known(transfer, TRANSFER_FIELDS, "transfer.");
            transferNumber = number(transfer.get("number"), "transfer.number");
            if (transfer.get("allowed") != null) {
                allowed = numbers(transfer.get("allowed"), "transfer.allowed");
            }
        }
        Boolean recording = fields.get("recording") == null ? null : bool(fields.get("recording"), "recording");
        List<String> numbers = fields.get("numbers") == null ? List.of() : numbers(fields.get("numbers"), "numbers");
        return new AssistantProfile(
                name, prompt, model, language, vad(), tools, transferNumber, allowed, recording, numbers);
    }

    private AssistantProfile.Vad vad() {
        Map<?, ?> vad = map(fields, "vad");
        if (vad == null) {
            return null;
        }
        known(vad, VAD_FIELDS, "vad.");
        TurnDetection.Type type = null;
        if (vad.get("type") != null) {
            type = TurnDetection.Type.fromWire(String.valueOf(vad.get("type")));
            if (type == null) {
                throw fail("vad.type", "must be server_vad or semantic_vad");
            }
        }
        Double threshold = null;
        if (vad.get("threshold") != null) {
            if (!(vad.get("threshold") instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
                throw fail("vad.threshold", "must be a number between 0 and 1");
            }
            threshold = n.doubleValue();
        }
        Integer silence = whole(vad.get("silence_duration_ms"), "vad.silence_duration_ms", 50, 10_000);
        Integer padding = whole(vad.get("prefix_padding_ms"), "vad.prefix_padding_ms", 0, 5_000);
        String eagerness = null;
        if (vad.get("eagerness") != null) {
            eagerness = String.valueOf(vad.get("eagerness"));
            if (!EAGERNESS.contains(eagerness)) {
                throw fail("vad.eagerness", "must be one of " + EAGERNESS);
            }
        }
        // Settings of the other kind would be silently ignored by the server: refuse them instead.
        if (type == TurnDetection.Type.SEMANTIC_VAD && (threshold != null || silence != null || padding != null)) {
            throw fail(
                    "vad",
                    "semantic_vad takes only eagerness, not threshold, silence_duration_ms" + " or prefix_padding_ms");
        }
        if (type == TurnDetection.Type.SERVER_VAD && eagerness != null) {
            throw fail("vad.eagerness", "is for semantic_vad only; server_vad uses threshold and durations");
        }
        return new AssistantProfile.Vad(type, threshold, padding, silence, eagerness);
    }

    private void known(Map<?, ?> map, List<String> allowed, String prefix) {
        for (Object field : map.keySet()) {
            if (!allowed.contains(String.valueOf(field))) {
                throw new IllegalStateException(at + ": field '" + prefix + field + "' is not one of " + allowed);
            }
        }
    }

    private Map<?, ?> map(Map<?, ?> from, String field) {
        Object value = from.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(field, "must be a map");
        }
        return m;
    }

    private String text(Map<?, ?> from, String field, int max) {
        return text(from, field, max, field);
    }

    private String text(Map<?, ?> from, String key, int max, String field) {
        Object value = from.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw fail(field, "must be a non-empty string");
        }
        if (s.length() > max) {
            throw fail(field, "must be at most " + max + " characters");
        }
        return s.strip();
    }

    private boolean bool(Object value, String field) {
        if (!(value instanceof Boolean b)) {
            throw fail(field, "must be true or false");
        }
        return b;
    }

    private Integer whole(Object value, String field, int min, int max) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer n) || n < min || n > max) {
            throw fail(field, "must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    private String number(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s) || !E164.matcher(s.strip()).matches()) {
            throw fail(field, "must be an E.164 number in quotes, like \"+14155550100\"");
        }
        return s.strip();
    }

    private List<String> numbers(Object value, String field) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw fail(field, "must be a non-empty list of E.164 numbers");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(number(list.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private IllegalStateException fail(String field, String rule) {
        return new IllegalStateException(at + ": field '" + field + "' " + rule);
    }
}
