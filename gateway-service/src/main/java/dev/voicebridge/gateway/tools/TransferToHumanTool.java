package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.ToolCallContext;
import dev.voicebridge.gateway.call.ToolResult;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import dev.voicebridge.model.GatewayCommand;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * transfer_to_human(number): asks the call's SMA to bridge the caller to a person. Only numbers the
 * deployer allows (GATEWAY_TRANSFER_ALLOWED, or the call's profile's transfer.allowed) are dialled,
 * whatever the model was talked into.
 */
final class TransferToHumanTool implements Tool {

    private final SmaCallControl sma;
    private final String defaultNumber;
    private final TransferTargets targets;

    TransferToHumanTool(SmaCallControl sma, String defaultNumber, String allowedPattern) {
        this.sma = sma;
        this.targets = new TransferTargets(defaultNumber, allowedPattern);
        this.defaultNumber = targets.defaultNumber();
    }

    @Override
    public ToolDefinition definition() {
        return new ToolDefinition(
                "transfer_to_human",
                "Transfer the caller to a human agent. Tell the caller you are transferring them first."
                        + (defaultNumber != null ? " Leave number empty to use the default agent line." : ""),
                ToolRegistry.schema("{\"type\":\"object\",\"properties\":{\"number\":{\"type\":\"string\","
                        + "\"description\":\"E.164 phone number to transfer to, e.g. +15551234567\"}},"
                        + "\"additionalProperties\":false}"));
    }

    @Override
    public Mono<ToolResult> invoke(JsonNode arguments, ToolCallContext context) {
        JsonNode given = arguments.path("number");
        // Only an absent number means the default line: {"number":{}} is a mistake, not a request for it.
        if (!given.isMissingNode() && !given.isNull() && !given.isString()) {
            return Mono.just(ToolResult.error("number must be a string: an E.164 number like +15551234567"));
        }
        String asked = given.isString() ? given.stringValue().trim() : "";
        TransferTargets targets = this.targets.forCall(context.setup());
        String number = asked.isEmpty() ? targets.defaultNumber() : asked;
        if (number == null) {
            return Mono.just(ToolResult.error("no number given and no default transfer number configured"));
        }
        String refusal = targets.refusal(number);
        if (refusal != null) {
            return Mono.just(ToolResult.error(refusal));
        }
        var call = SmaCallControl.smaCall(context.setup());
        if (call.isEmpty()) {
            return Mono.just(ToolResult.error(
                    "this call cannot be transferred: it did not come through a SIP media application"));
        }
        return context.playoutDone()
                .then(sma.send(call.get(), new GatewayCommand.Transfer(number)))
                .then(Mono.fromCallable(() -> {
                    context.ending(EndReason.TRANSFERRED);
                    context.transferred(number);
                    return ToolResult.ending("{\"status\":\"transferring\",\"to\":\"" + number + "\"}");
                }))
                .onErrorResume(
                        e -> Mono.just(ToolResult.error("the transfer could not be started: " + e.getMessage())));
    }
}
