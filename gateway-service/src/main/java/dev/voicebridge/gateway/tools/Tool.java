package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.ToolCallContext;
import dev.voicebridge.gateway.call.ToolResult;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** A function the model can call during a conversation. */
public interface Tool {

    ToolDefinition definition();

    /**
     * Runs the tool. Called off the event loop; may block only inside a Mono scheduled on a
     * blocking-capable scheduler. Invalid arguments give {@link ToolResult#error}, not an exception.
     */
    Mono<ToolResult> invoke(JsonNode arguments, ToolCallContext context);
}
