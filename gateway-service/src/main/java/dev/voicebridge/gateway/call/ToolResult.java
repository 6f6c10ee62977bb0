package dev.voicebridge.gateway.call;

import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a tool returns to the model.
 *
 * @param output               the function_call_output string the model reads
 * @param continueConversation whether the model should speak again (response.create); false for
 *                             tools that end the call
 */
public record ToolResult(String output, boolean continueConversation) {

    public static ToolResult ok(String output) {
        return new ToolResult(output, true);
    }

    /** A failure the model can explain to the caller; the call goes on. */
    public static ToolResult error(String message) {
        return new ToolResult(
                JsonNodeFactory.instance.objectNode().put("error", message).toString(), true);
    }

    public static ToolResult ending(String output) {
        return new ToolResult(output, false);
    }
}
