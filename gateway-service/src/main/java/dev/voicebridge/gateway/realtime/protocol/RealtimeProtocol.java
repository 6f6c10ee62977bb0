package dev.voicebridge.gateway.realtime.protocol;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every difference between the GA Realtime protocol and the 2025-04-01-preview one lives here and
 * nowhere else: the URL, the session.update shape, the event names, the assistant text content type
 * and how formats are spelled. The two protocols reject each other's payloads, so a session speaks
 * exactly one of them.
 */
public sealed interface RealtimeProtocol permits RealtimeProtocol.Ga, RealtimeProtocol.Preview {

    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Picks the protocol from configuration: no api-version means GA. */
    static RealtimeProtocol forApiVersion(String apiVersion) {
        return apiVersion == null || apiVersion.isBlank() ? new Ga() : new Preview(apiVersion);
    }

    /** Short name for logs and metrics. */
    String name();

    /** The WebSocket URL for {@code deployment} on {@code endpoint} (https/http become wss/ws). */
    URI uri(URI endpoint, String deployment);

    /** The voice used when configuration names none. */
    String defaultVoice();

    ObjectNode sessionUpdate(SessionConfig config);

    /**
     * A session.update that changes only the output modalities: text only, or back to the
     * protocol's audio replies. Every other session field stays as it is.
     */
    ObjectNode outputModalities(boolean textOnly);

    EffectiveSession readSession(JsonNode session);

    /** The GA name of a server event type; GA names pass through unchanged. */
    String canonicalType(String wireType);

    /** Content type for assistant text replayed into a new session. */
    String assistantTextType();

    private static URI websocketUri(URI endpoint, String path, String query) {
        String scheme = switch (endpoint.getScheme()) {
            case "https", "wss" -> "wss";
            case "http", "ws" -> "ws";
            default -> throw new IllegalArgumentException("endpoint scheme must be https or http: " + endpoint);
        };
        String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        String authority = endpoint.getRawAuthority();
        return URI.create(scheme + "://" + authority + base + path + "?" + query);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ObjectNode turnDetection(TurnDetection td) {
        ObjectNode node = NODES.objectNode();
        node.put("type", td.type().wire());
        if (td.type() == TurnDetection.Type.SERVER_VAD) {
            node.put("threshold", td.threshold());
            node.put("prefix_padding_ms", td.prefixPaddingMs());
            node.put("silence_duration_ms", td.silenceDurationMs());
        } else {
            node.put("eagerness", td.eagerness());
        }
        node.put("create_response", td.createResponse());
        node.put("interrupt_response", td.interruptResponse());
        return node;
    }

    private static void readTurnDetection(JsonNode td, Object[] out) {
        if (td == null || !td.isObject()) {
            return;
        }
        out[0] = TurnDetection.Type.fromWire(String.valueOf(Json.text(td, "type")));
        out[1] = td.path("threshold").isNumber() ? td.path("threshold").asDouble() : null;
        out[2] = td.path("prefix_padding_ms").isNumber()
                ? td.path("prefix_padding_ms").asInt()
                : null;
        out[3] = td.path("silence_duration_ms").isNumber()
                ? td.path("silence_duration_ms").asInt()
                : null;
    }

    private static void putTools(ObjectNode session, SessionConfig config) {
        if (config.tools().isEmpty()) {
            return;
        }
        var tools = session.putArray("tools");
        for (ToolDefinition tool : config.tools()) {
            ObjectNode t = tools.addObject();
            t.put("type", "function");
            t.put("name", tool.name());
            t.put("description", tool.description());
            t.set("parameters", tool.parameters());
        }
        session.put("tool_choice", "auto");
    }

    /** GA: {@code /openai/v1/realtime?model=<deployment>}, nested audio config, format objects. */
    record Ga() implements RealtimeProtocol {

        @Override
        public String name() {
            return "ga";
        }

        @Override
        public URI uri(URI endpoint, String deployment) {
            return websocketUri(endpoint, "/openai/v1/realtime", "model=" + encode(deployment));
        }

        @Override
        public String defaultVoice() {
            return "marin";
        }

        @Override
        public ObjectNode sessionUpdate(SessionConfig config) {
            ObjectNode root = NODES.objectNode();
            root.put("type", "session.update");
            ObjectNode session = root.putObject("session");
            session.put("type", "realtime");
            if (config.instructions() != null) {
                session.put("instructions", config.instructions());
            }
            session.putArray("output_modalities").add(config.textOutput() ? "text" : "audio");
            ObjectNode audio = session.putObject("audio");
            ObjectNode input = audio.putObject("input");
            input.set("format", format(config.format()));
            if (config.transcriptionModel() != null) {
                ObjectNode transcription = input.putObject("transcription").put("model", config.transcriptionModel());
                if (config.transcriptionLanguage() != null) {
                    transcription.put("language", config.transcriptionLanguage());
                }
            }
            input.set("turn_detection", turnDetection(config.turnDetection()));
            ObjectNode output = audio.putObject("output");
            output.set("format", format(config.format()));
            output.put("voice", config.voice());
            putTools(session, config);
            return root;
        }

        /** GA: "It is not possible to request both text and audio at the same time." */
        @Override
        public ObjectNode outputModalities(boolean textOnly) {
            ObjectNode root = NODES.objectNode();
            root.put("type", "session.update");
            ObjectNode session = root.putObject("session");
            session.put("type", "realtime");
            session.putArray("output_modalities").add(textOnly ? "text" : "audio");
            return root;
        }

        private static ObjectNode format(AzureAudioFormat format) {
            ObjectNode node = NODES.objectNode();
            switch (format) {
                case PCMU -> node.put("type", "audio/pcmu");
                case PCMA -> node.put("type", "audio/pcma");
                case PCM16_24K -> node.put("type", "audio/pcm").put("rate", 24000);
            }
            return node;
        }

        private static AzureAudioFormat readFormat(JsonNode node) {
            return switch (String.valueOf(Json.text(node, "type"))) {
                case "audio/pcmu" -> AzureAudioFormat.PCMU;
                case "audio/pcma" -> AzureAudioFormat.PCMA;
                case "audio/pcm" -> node.path("rate").asInt(24000) == 24000 ? AzureAudioFormat.PCM16_24K : null;
                default -> null;
            };
        }

        @Override
        public EffectiveSession readSession(JsonNode session) {
            JsonNode audio = session.path("audio");
            Object[] td = new Object[4];
            readTurnDetection(audio.path("input").path("turn_detection"), td);
            return new EffectiveSession(
                    readFormat(audio.path("input").path("format")),
                    readFormat(audio.path("output").path("format")),
                    Json.text(audio.path("output"), "voice"),
                    (TurnDetection.Type) td[0],
                    (Double) td[1],
                    (Integer) td[2],
                    (Integer) td[3]);
        }

        @Override
        public String canonicalType(String wireType) {
            return wireType;
        }

        @Override
        public String assistantTextType() {
            return "output_text";
        }
    }

    /** 2025-04-01-preview: {@code /openai/realtime?api-version=..&deployment=..}, flat session. */
    record Preview(String apiVersion) implements RealtimeProtocol {

        private static final Map<String, String> TO_GA = Map.of(
                "response.audio.delta", "response.output_audio.delta",
                "response.audio.done", "response.output_audio.done",
                "response.audio_transcript.delta", "response.output_audio_transcript.delta",
                "response.audio_transcript.done", "response.output_audio_transcript.done",
                "response.text.delta", "response.output_text.delta",
                "response.text.done", "response.output_text.done");

        @Override
        public String name() {
            return "preview";
        }

        @Override
        public URI uri(URI endpoint, String deployment) {
            return websocketUri(
                    endpoint,
                    "/openai/realtime",
                    "api-version=" + encode(apiVersion) + "&deployment=" + encode(deployment));
        }

        @Override
        public String defaultVoice() {
            return "alloy";
        }

        @Override
        public ObjectNode sessionUpdate(SessionConfig config) {
            ObjectNode root = NODES.objectNode();
            root.put("type", "session.update");
            ObjectNode session = root.putObject("session");
            // The preview protocol does not allow audio-only output.
            putModalities(session, config.textOutput());
            if (config.instructions() != null) {
                session.put("instructions", config.instructions());
            }
            session.put("voice", config.voice());
            session.put("input_audio_format", format(config.format()));
            session.put("output_audio_format", format(config.format()));
            if (config.transcriptionModel() != null) {
                ObjectNode transcription =
                        session.putObject("input_audio_transcription").put("model", config.transcriptionModel());
                if (config.transcriptionLanguage() != null) {
                    transcription.put("language", config.transcriptionLanguage());
                }
            }
            session.set("turn_detection", turnDetection(config.turnDetection()));
            putTools(session, config);
            return root;
        }

        @Override
        public ObjectNode outputModalities(boolean textOnly) {
            ObjectNode root = NODES.objectNode();
            root.put("type", "session.update");
            putModalities(root.putObject("session"), textOnly);
            return root;
        }

        private static void putModalities(ObjectNode session, boolean textOnly) {
            var modalities = session.putArray("modalities").add("text");
            if (!textOnly) {
                modalities.add("audio");
            }
        }

        private static String format(AzureAudioFormat format) {
            return switch (format) {
                case PCMU -> "g711_ulaw";
                case PCMA -> "g711_alaw";
                case PCM16_24K -> "pcm16";
            };
        }

        private static AzureAudioFormat readFormat(JsonNode node) {
            return switch (node.isString() ? node.stringValue() : "") {
                case "g711_ulaw" -> AzureAudioFormat.PCMU;
                case "g711_alaw" -> AzureAudioFormat.PCMA;
                case "pcm16" -> AzureAudioFormat.PCM16_24K;
                default -> null;
            };
        }

        @Override
        public EffectiveSession readSession(JsonNode session) {
            Object[] td = new Object[4];
            readTurnDetection(session.path("turn_detection"), td);
            return new EffectiveSession(
                    readFormat(session.path("input_audio_format")),
                    readFormat(session.path("output_audio_format")),
                    Json.text(session, "voice"),
                    (TurnDetection.Type) td[0],
                    (Double) td[1],
                    (Integer) td[2],
                    (Integer) td[3]);
        }

        @Override
        public String canonicalType(String wireType) {
            return TO_GA.getOrDefault(wireType, wireType);
        }

        @Override
        public String assistantTextType() {
            return "text";
        }
    }
}
