package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.ToolCallContext;
import dev.voicebridge.gateway.call.ToolResult;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** send_dtmf(digits): plays touch tones on the line, e.g. to navigate another party's menu. */
final class SendDtmfTool implements Tool {

    private static final Pattern DIGITS = Pattern.compile("[0-9*#A-D]{1,32}");

    @Override
    public ToolDefinition definition() {
        return new ToolDefinition(
                "send_dtmf",
                "Send touch-tone (DTMF) digits on the phone line.",
                ToolRegistry.schema("{\"type\":\"object\",\"properties\":{\"digits\":{\"type\":\"string\","
                        + "\"description\":\"digits 0-9, *, #, A-D\"}},\"required\":[\"digits\"],"
                        + "\"additionalProperties\":false}"));
    }

    @Override
    public Mono<ToolResult> invoke(JsonNode arguments, ToolCallContext context) {
        JsonNode given = arguments.path("digits");
        if (!given.isString()) {
            return Mono.just(ToolResult.error("digits must be a string of 1-32 of 0-9, *, #, A-D"));
        }
        String digits = given.stringValue().trim();
        if (!DIGITS.matcher(digits).matches()) {
            return Mono.just(ToolResult.error("digits must be 1-32 of 0-9, *, #, A-D; got '" + digits + "'"));
        }
        context.sendDtmf(digits);
        return Mono.just(ToolResult.ok("{\"sent\":\"" + digits + "\"}"));
    }
}
