package dev.voicebridge.simulator;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two wire protocols Azure serves on /realtime. They differ in event names and in the shape of
 * the session object, and each rejects the other's session fields with {@code unknown_parameter},
 * which is exactly how a gateway configured for the wrong one fails against real Azure.
 */
public enum Protocol {

    /** {@code /openai/v1/realtime?model=<deployment>}: nested audio config, format objects. */
    GA(
            "response.output_audio.delta",
            "response.output_audio.done",
            "response.output_audio_transcript.delta",
            "response.output_audio_transcript.done",
            "output_audio") {

        private static final Set<String> SESSION_KEYS = Set.of(
                "type",
                "model",
                "instructions",
                "output_modalities",
                "audio",
                "tools",
                "tool_choice",
                "max_output_tokens",
                "tracing",
                "truncation",
                "prompt",
                "include");
        private static final Set<String> INPUT_KEYS =
                Set.of("format", "transcription", "noise_reduction", "turn_detection");
        private static final Set<String> OUTPUT_KEYS = Set.of("format", "voice", "speed");

        @Override
        SessionConfig apply(JsonNode s, SessionConfig c) {
            for (String key : s.propertyNames()) {
                if (!SESSION_KEYS.contains(key)) {
                    throw RealtimeError.unknownParameter("session." + key);
                }
            }
            JsonNode type = s.get("type");
            if (type == null || !type.isString()) {
                throw RealtimeError.missingParameter("session.type");
            }
            if (!"realtime".equals(type.stringValue())) {
                throw RealtimeError.invalidValue(
                        "session.type",
                        "Invalid value: '" + type.stringValue() + "'. This endpoint only serves 'realtime' sessions.");
            }
            if (s.hasNonNull("instructions")) {
                c = c.withInstructions(s.get("instructions").asString(""));
            }
            if (s.hasNonNull("output_modalities")) {
                c = c.withTextOutput(gaTextOutput(s.get("output_modalities")));
            }
            if (s.has("tools")) {
                c = c.withTools(s.get("tools"));
            }
            if (s.hasNonNull("tool_choice")) {
                c = c.withToolChoice(
                        s.get("tool_choice").isString()
                                ? s.get("tool_choice").stringValue()
                                : s.get("tool_choice").toString());
            }
            JsonNode audio = s.get("audio");
            if (audio != null && audio.isObject()) {
                for (String key : audio.propertyNames()) {
                    if (!key.equals("input") && !key.equals("output")) {
                        throw RealtimeError.unknownParameter("session.audio." + key);
                    }
                }
                JsonNode in = audio.get("input");
                if (in != null && in.isObject()) {
                    for (String key : in.propertyNames()) {
                        if (!INPUT_KEYS.contains(key)) {
                            throw RealtimeError.unknownParameter("session.audio.input." + key);
                        }
                    }
                    if (in.has("format")) {
                        c = c.withInputFormat(gaFormat(in.get("format"), "session.audio.input.format"));
                    }
                    if (in.has("transcription")) {
                        JsonNode t = in.get("transcription");
                        c = c.withTranscriptionModel(
                                t.isNull() ? null : t.path("model").asString("whisper-1"));
                    }
                    if (in.has("turn_detection")) {
                        c = c.withTurnDetection(turnDetection(in.get("turn_detection"), 500));
                    }
                }
                JsonNode out = audio.get("output");
                if (out != null && out.isObject()) {
                    for (String key : out.propertyNames()) {
                        if (!OUTPUT_KEYS.contains(key)) {
                            throw RealtimeError.unknownParameter("session.audio.output." + key);
                        }
                    }
                    if (out.has("format")) {
                        c = c.withOutputFormat(gaFormat(out.get("format"), "session.audio.output.format"));
                    }
                    if (out.hasNonNull("voice")) {
                        c = c.withVoice(voice(out.get("voice").asString(""), "session.audio.output.voice"));
                    }
                }
            }
            return c;
        }

        @Override
        ObjectNode render(SessionConfig c, SessionMeta meta) {
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "realtime");
            s.put("object", "realtime.session");
            s.put("id", meta.id());
            s.put("model", meta.deployment());
            s.putArray("output_modalities").add(c.textOutput() ? "text" : "audio");
            s.put("instructions", c.instructions());
            ObjectNode audio = s.putObject("audio");
            ObjectNode in = audio.putObject("input");
            in.set("format", gaFormatNode(c.inputFormat()));
            if (c.transcriptionModel() == null) {
                in.putNull("transcription");
            } else {
                in.putObject("transcription").put("model", c.transcriptionModel());
            }
            in.putNull("noise_reduction");
            in.set("turn_detection", turnDetectionNode(c.turnDetection()));
            ObjectNode out = audio.putObject("output");
            out.set("format", gaFormatNode(c.outputFormat()));
            out.put("voice", c.voice());
            out.put("speed", 1.0);
            s.set("tools", c.tools());
            s.put("tool_choice", c.toolChoice());
            s.put("max_output_tokens", "inf");
            s.put("truncation", "auto");
            s.put("expires_at", meta.expiresAtEpochSeconds());
            return s;
        }

        /**
         * The GA schema (RealtimeSessionCreateRequestGA): "text" or "audio", and "It is not possible
         * to request both text and audio at the same time."
         */
        private boolean gaTextOutput(JsonNode m) {
            String param = "session.output_modalities";
            if (!m.isArray() || m.size() != 1 || !m.get(0).isString()) {
                throw RealtimeError.invalidValue(
                        param, "Invalid value for '" + param + "': expected [\"audio\"] or [\"text\"].");
            }
            return switch (m.get(0).stringValue()) {
                case "text" -> true;
                case "audio" -> false;
                default ->
                    throw RealtimeError.invalidValue(
                            param + "[0]",
                            "Invalid value: '" + m.get(0).stringValue()
                                    + "'. Supported values are: 'text' and 'audio'.");
            };
        }

        private WireFormat gaFormat(JsonNode f, String param) {
            if (!f.isObject()) {
                throw RealtimeError.invalidValue(param, "Invalid type for '" + param + "': expected an object.");
            }
            String type = f.path("type").asString("");
            WireFormat format = WireFormat.fromGaType(type);
            if (format == null) {
                throw RealtimeError.invalidValue(
                        param + ".type",
                        "Invalid value: '" + type
                                + "'. Supported values are: 'audio/pcm', 'audio/pcmu', and 'audio/pcma'.");
            }
            if (format == WireFormat.PCM16) {
                if (!f.has("rate")) {
                    throw RealtimeError.missingParameter(param + ".rate");
                }
                if (f.get("rate").asInt(0) != 24000) {
                    throw RealtimeError.invalidValue(
                            param + ".rate", "Invalid value: " + f.get("rate") + ". Supported values are: 24000.");
                }
            }
            return format;
        }

        private ObjectNode gaFormatNode(WireFormat f) {
            ObjectNode node = JsonNodeFactory.instance.objectNode().put("type", f.gaType());
            if (f == WireFormat.PCM16) {
                node.put("rate", 24000);
            }
            return node;
        }
    },

    /** {@code /openai/realtime?api-version=2025-04-01-preview&deployment=<deployment>}: flat fields. */
    PREVIEW(
            "response.audio.delta",
            "response.audio.done",
            "response.audio_transcript.delta",
            "response.audio_transcript.done",
            "audio") {

        private static final Set<String> SESSION_KEYS = Set.of(
                "model",
                "modalities",
                "instructions",
                "voice",
                "input_audio_format",
                "output_audio_format",
                "input_audio_transcription",
                "input_audio_noise_reduction",
                "turn_detection",
                "tools",
                "tool_choice",
                "temperature",
                "max_response_output_tokens");

        @Override
        SessionConfig apply(JsonNode s, SessionConfig c) {
            for (String key : s.propertyNames()) {
                if (!SESSION_KEYS.contains(key)) {
                    throw RealtimeError.unknownParameter("session." + key);
                }
            }
            if (s.hasNonNull("instructions")) {
                c = c.withInstructions(s.get("instructions").asString(""));
            }
            if (s.hasNonNull("modalities")) {
                c = c.withTextOutput(previewTextOutput(s.get("modalities")));
            }
            if (s.hasNonNull("voice")) {
                c = c.withVoice(voice(s.get("voice").asString(""), "session.voice"));
            }
            if (s.has("input_audio_format")) {
                c = c.withInputFormat(previewFormat(s.get("input_audio_format"), "session.input_audio_format"));
            }
            if (s.has("output_audio_format")) {
                c = c.withOutputFormat(previewFormat(s.get("output_audio_format"), "session.output_audio_format"));
            }
            if (s.has("input_audio_transcription")) {
                JsonNode t = s.get("input_audio_transcription");
                c = c.withTranscriptionModel(t.isNull() ? null : t.path("model").asString("whisper-1"));
            }
            if (s.has("turn_detection")) {
                c = c.withTurnDetection(turnDetection(s.get("turn_detection"), 200));
            }
            if (s.has("tools")) {
                c = c.withTools(s.get("tools"));
            }
            if (s.hasNonNull("tool_choice")) {
                c = c.withToolChoice(
                        s.get("tool_choice").isString()
                                ? s.get("tool_choice").stringValue()
                                : s.get("tool_choice").toString());
            }
            return c;
        }

        @Override
        ObjectNode render(SessionConfig c, SessionMeta meta) {
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("object", "realtime.session");
            s.put("id", meta.id());
            s.put("model", meta.deployment());
            if (c.textOutput()) {
                s.putArray("modalities").add("text");
            } else {
                s.putArray("modalities").add("audio").add("text");
            }
            s.put("instructions", c.instructions());
            s.put("voice", c.voice());
            s.put("input_audio_format", c.inputFormat().previewName());
            s.put("output_audio_format", c.outputFormat().previewName());
            if (c.transcriptionModel() == null) {
                s.putNull("input_audio_transcription");
            } else {
                s.putObject("input_audio_transcription").put("model", c.transcriptionModel());
            }
            s.putNull("input_audio_noise_reduction");
            s.set("turn_detection", turnDetectionNode(c.turnDetection()));
            s.set("tools", c.tools());
            s.put("tool_choice", c.toolChoice());
            s.put("temperature", 0.8);
            s.put("max_response_output_tokens", "inf");
            s.put("expires_at", meta.expiresAtEpochSeconds());
            return s;
        }

        /** The preview allows ["text"] or text with audio, not audio alone. */
        private boolean previewTextOutput(JsonNode m) {
            java.util.Set<String> asked = new java.util.HashSet<>();
            if (m.isArray()) {
                m.forEach(v -> asked.add(v.asString("")));
            }
            if (asked.equals(Set.of("text"))) {
                return true;
            }
            if (asked.equals(Set.of("text", "audio"))) {
                return false;
            }
            throw RealtimeError.invalidValue(
                    "session.modalities",
                    "Invalid modalities: " + m + ". Supported combinations are: ['text'] and ['audio', 'text'].");
        }

        private WireFormat previewFormat(JsonNode f, String param) {
            String name = f.asString("");
            WireFormat format = WireFormat.fromPreviewName(name);
            if (format == null) {
                throw RealtimeError.invalidValue(
                        param,
                        "Invalid value: '" + name + "'. Supported values are: 'pcm16', 'g711_ulaw', and 'g711_alaw'.");
            }
            return format;
        }
    };

    private static final Set<String> VOICES =
            Set.of("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar");

    /** Identity of a session for rendering: id, deployment and expiry. */
    record SessionMeta(String id, String deployment, long expiresAtEpochSeconds) {}

    private final String audioDelta;
    private final String audioDone;
    private final String transcriptDelta;
    private final String transcriptDone;
    private final String assistantAudioContentType;

    Protocol(
            String audioDelta,
            String audioDone,
            String transcriptDelta,
            String transcriptDone,
            String assistantAudioContentType) {
        this.audioDelta = audioDelta;
        this.audioDone = audioDone;
        this.transcriptDelta = transcriptDelta;
        this.transcriptDone = transcriptDone;
        this.assistantAudioContentType = assistantAudioContentType;
    }

    /** Applies the {@code session} object of a session.update to {@code current}; throws on a bad field. */
    abstract SessionConfig apply(JsonNode session, SessionConfig current);

    /** The session object of session.created / session.updated. */
    abstract ObjectNode render(SessionConfig config, SessionMeta meta);

    public String audioDelta() {
        return audioDelta;
    }

    public String audioDone() {
        return audioDone;
    }

    public String transcriptDelta() {
        return transcriptDelta;
    }

    public String transcriptDone() {
        return transcriptDone;
    }

    /** The text delta of a text-only response: GA {@code response.output_text.delta}. */
    public String textDelta() {
        return this == GA ? "response.output_text.delta" : "response.text.delta";
    }

    public String textDone() {
        return this == GA ? "response.output_text.done" : "response.text.done";
    }

    /** An assistant item's text content part: GA output_text, preview text. */
    String assistantTextContentType() {
        return this == GA ? "output_text" : "text";
    }

    String assistantAudioContentType() {
        return assistantAudioContentType;
    }

    /** What Azure starts a session with before any session.update. */
    SessionConfig defaults() {
        return new SessionConfig(
                "You are a helpful assistant.",
                "alloy",
                WireFormat.PCM16,
                WireFormat.PCM16,
                TurnDetection.serverVad(this == GA ? 500 : 200),
                null,
                JsonNodeFactory.instance.arrayNode(),
                "auto");
    }

    private static String voice(String voice, String param) {
        if (!VOICES.contains(voice)) {
            throw RealtimeError.invalidValue(
                    param,
                    "Invalid value: '" + voice + "'. Supported values are: "
                            + String.join(", ", VOICES.stream().sorted().toList()) + ".");
        }
        return voice;
    }

    /** A partial object keeps Azure's defaults for the missing fields; null or type none turns it off. */
    private static TurnDetection turnDetection(JsonNode t, int defaultSilenceMs) {
        if (t == null || t.isNull() || "none".equals(t.path("type").asString(""))) {
            return TurnDetection.none();
        }
        String type = t.path("type").asString("server_vad");
        if (!type.equals("server_vad") && !type.equals("semantic_vad")) {
            throw RealtimeError.invalidValue(
                    "session.turn_detection.type",
                    "Invalid value: '" + type + "'. Supported values are: 'server_vad' and 'semantic_vad'.");
        }
        double threshold = t.path("threshold").asDouble(0.5);
        if (threshold < 0 || threshold > 1) {
            throw RealtimeError.invalidValue(
                    "session.turn_detection.threshold",
                    "Invalid value: " + threshold + ". Expected a value between 0 and 1.");
        }
        int silence = type.equals("semantic_vad")
                ? 800
                : t.path("silence_duration_ms").asInt(defaultSilenceMs);
        return new TurnDetection(
                type,
                threshold,
                t.path("prefix_padding_ms").asInt(300),
                silence,
                t.path("create_response").asBoolean(true),
                t.path("interrupt_response").asBoolean(true));
    }

    private static JsonNode turnDetectionNode(TurnDetection td) {
        if (!td.enabled()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", td.type());
        if (td.type().equals("server_vad")) {
            n.put("threshold", td.threshold());
            n.put("prefix_padding_ms", td.prefixPaddingMs());
            n.put("silence_duration_ms", td.silenceDurationMs());
        } else {
            n.put("eagerness", "auto");
        }
        n.put("create_response", td.createResponse());
        n.put("interrupt_response", td.interruptResponse());
        return n;
    }
}
