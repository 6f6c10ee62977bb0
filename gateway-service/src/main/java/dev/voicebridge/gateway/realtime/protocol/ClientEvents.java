package dev.voicebridge.gateway.realtime.protocol;

import dev.voicebridge.gateway.json.JsonBase64;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/** Builds the client events the gateway sends. The same names serve both protocols. */
public final class ClientEvents {

    private static final byte[] APPEND_PREFIX =
            "{\"type\":\"input_audio_buffer.append\",\"audio\":\"".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] APPEND_SUFFIX = "\"}".getBytes(StandardCharsets.ISO_8859_1);

    private final RealtimeProtocol protocol;

    public ClientEvents(RealtimeProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * The hot path: one append per few caller frames on every call, so it is written straight into a
     * string (base64 needs no JSON escaping) instead of through a tree, the base64 encoded in place
     * between the fixed prefix and suffix: the string is the only allocation.
     */
    public static String append(byte[] audio, int length) {
        return JsonBase64.wrap(APPEND_PREFIX, audio, length, APPEND_SUFFIX);
    }

    public String sessionUpdate(SessionConfig config) {
        return protocol.sessionUpdate(config).toString();
    }

    /** Switches the live session's replies to text only, or back to audio. */
    public String outputModalities(boolean textOnly) {
        return protocol.outputModalities(textOnly).toString();
    }

    public String truncate(String itemId, long audioEndMs) {
        ObjectNode n = RealtimeProtocol.NODES.objectNode();
        n.put("type", "conversation.item.truncate");
        n.put("item_id", itemId);
        n.put("content_index", 0);
        n.put("audio_end_ms", audioEndMs);
        return n.toString();
    }

    public String responseCancel() {
        return "{\"type\":\"response.cancel\"}";
    }

    public String responseCreate() {
        return "{\"type\":\"response.create\"}";
    }

    /** A text message replayed into a fresh session; assistant audio cannot be re-created, text can. */
    public String textMessage(boolean assistant, String text) {
        ObjectNode n = RealtimeProtocol.NODES.objectNode();
        n.put("type", "conversation.item.create");
        ObjectNode item = n.putObject("item");
        item.put("type", "message");
        item.put("role", assistant ? "assistant" : "user");
        ObjectNode part = item.putArray("content").addObject();
        part.put("type", assistant ? protocol.assistantTextType() : "input_text");
        part.put("text", text);
        return n.toString();
    }

    public String functionCallOutput(String callId, String output) {
        ObjectNode n = RealtimeProtocol.NODES.objectNode();
        n.put("type", "conversation.item.create");
        ObjectNode item = n.putObject("item");
        item.put("type", "function_call_output");
        item.put("call_id", callId);
        item.put("output", output);
        return n.toString();
    }
}
