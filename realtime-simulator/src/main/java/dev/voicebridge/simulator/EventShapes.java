package dev.voicebridge.simulator;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The JSON shapes of server events that differ between the GA and preview protocols, in one place. */
final class EventShapes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Protocol protocol;

    EventShapes(Protocol protocol) {
        this.protocol = protocol;
    }

    static ObjectNode obj() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** A conversation item: GA items carry {@code object: "realtime.item"}. */
    ObjectNode item(String id, String type, String status) {
        ObjectNode item = obj().put("id", id);
        if (protocol == Protocol.GA) {
            item.put("object", "realtime.item");
        }
        return item.put("type", type).put("status", status);
    }

    /** An assistant message; with a transcript, one audio content part (GA: output_audio, preview: audio). */
    ObjectNode assistantItem(String id, String status, String transcript) {
        ObjectNode item = item(id, "message", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (transcript != null) {
            content.addObject()
                    .put("type", protocol.assistantAudioContentType())
                    .put("transcript", transcript);
        }
        return item;
    }

    /** An assistant message of a text-only response; with a text, one text content part. */
    ObjectNode assistantTextItem(String id, String status, String text) {
        ObjectNode item = item(id, "message", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.addObject().put("type", protocol.assistantTextContentType()).put("text", text);
        }
        return item;
    }

    /** The text content part of content_part.added/.done (type {@code text} in both protocols). */
    ObjectNode textPart(String text) {
        return obj().put("type", "text").put("text", text);
    }

    /**
     * The audio content part of content_part.added/.done: type {@code audio} in both protocols (GA
     * schema RealtimeServerEventResponseContentPartAdded), even though GA items say output_audio.
     */
    ObjectNode audioPart(String transcript) {
        return obj().put("type", "audio").put("transcript", transcript);
    }

    /** The fields that locate a content part: response, item, output and content index. */
    static ObjectNode contentRef(String responseId, String itemId) {
        return obj().put("response_id", responseId)
                .put("item_id", itemId)
                .put("output_index", 0)
                .put("content_index", 0);
    }

    /** A {@code realtime.response}; usage is null while it is in progress. */
    static ObjectNode response(String id, String status, ObjectNode details, ArrayNode output, ObjectNode usage) {
        ObjectNode r = obj().put("object", "realtime.response").put("id", id).put("status", status);
        r.set("status_details", details == null ? NODES.nullNode() : details);
        r.set("output", output);
        r.set("usage", usage == null ? NODES.nullNode() : usage);
        return r;
    }

    /** Token usage in Azure's shape, from audio token counts and a fixed text overhead. */
    static ObjectNode usage(int inputAudioTokens, int outputAudioTokens) {
        int inputText = 120;
        int outputText = 12;
        ObjectNode usage = obj();
        usage.put("total_tokens", inputAudioTokens + outputAudioTokens + inputText + outputText);
        usage.put("input_tokens", inputAudioTokens + inputText);
        usage.put("output_tokens", outputAudioTokens + outputText);
        usage.putObject("input_token_details")
                .put("cached_tokens", 0)
                .put("text_tokens", inputText)
                .put("audio_tokens", inputAudioTokens);
        usage.putObject("output_token_details").put("text_tokens", outputText).put("audio_tokens", outputAudioTokens);
        return usage;
    }

    /** rate_limits.updated's body, sent at the start of each response. */
    static ObjectNode rateLimits() {
        ObjectNode body = obj();
        ArrayNode limits = body.putArray("rate_limits");
        limits.addObject()
                .put("name", "requests")
                .put("limit", 1000)
                .put("remaining", 999)
                .put("reset_seconds", 60);
        limits.addObject()
                .put("name", "tokens")
                .put("limit", 800_000)
                .put("remaining", 795_904)
                .put("reset_seconds", 0.3);
        return body;
    }

    /** An error event's body: {@code {error:{type, code, message, param, event_id}}}. */
    static ObjectNode error(RealtimeError e, String clientEventId) {
        ObjectNode error = obj().put("type", e.type).put("code", e.code).put("message", e.getMessage());
        error.put("param", e.param);
        error.put("event_id", clientEventId);
        return obj().set("error", error);
    }
}
