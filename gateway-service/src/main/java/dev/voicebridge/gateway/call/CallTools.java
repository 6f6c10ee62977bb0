package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The tools a call's model may use, as a call session sees them: the port through which {@code call}
 * reaches the {@code tools} package (which implements it) without depending on it.
 */
public interface CallTools {

    /** What the model is told it may call, sent in session.update: the gateway-wide set. */
    List<ToolDefinition> definitions();

    /**
     * What one call's model is told it may call: the built-in tools its profile switched on or off
     * ({@link AssistantProfile#toolSwitches}) change the gateway-wide set.
     */
    default List<ToolDefinition> definitions(CallSetup setup) {
        return definitions();
    }

    /**
     * Runs {@code name} with the model's JSON arguments. Never fails and never blocks the calling
     * thread: errors come back as {@link ToolResult#error} for the model to explain.
     */
    Mono<ToolResult> invoke(String name, String arguments, ToolCallContext context);
}
