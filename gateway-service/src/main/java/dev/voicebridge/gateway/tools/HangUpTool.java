package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.ToolCallContext;
import dev.voicebridge.gateway.call.ToolResult;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import dev.voicebridge.model.GatewayCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * hang_up: ends the call once the goodbye has been played. An SMA call is hung up through its SMA
 * (so the PSTN leg ends cleanly, not just the bridge); a call without an SMA ends its leg directly.
 */
final class HangUpTool implements Tool {

    private static final Logger log = LoggerFactory.getLogger(HangUpTool.class);
    private static final java.time.Duration SMA_GRACE = java.time.Duration.ofSeconds(10);
    private final SmaCallControl sma;

    HangUpTool(SmaCallControl sma) {
        this.sma = sma;
    }

    @Override
    public ToolDefinition definition() {
        return new ToolDefinition(
                "hang_up",
                "End the phone call. Say goodbye first; the call ends after your last words are played.",
                ToolRegistry.schema("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"));
    }

    @Override
    public Mono<ToolResult> invoke(JsonNode arguments, ToolCallContext context) {
        var call = SmaCallControl.smaCall(context.setup());
        context.ending(EndReason.ASSISTANT_HANGUP);
        Mono<Void> act = context.playoutDone()
                .then(Mono.defer(() -> call.map(c -> sma.send(c, new GatewayCommand.Hangup(null))
                                // If the SMA never ends the call (a Lambda that ignores the command), end our leg
                                // anyway.
                                .then(Mono.delay(SMA_GRACE)
                                        .then(Mono.fromRunnable(() -> context.hangUpLeg(EndReason.ASSISTANT_HANGUP))))
                                .onErrorResume(e -> {
                                    log.warn("SMA hang-up failed ({}); ending the leg directly", e.toString());
                                    context.hangUpLeg(EndReason.ASSISTANT_HANGUP);
                                    return Mono.empty();
                                })
                                .then())
                        .orElseGet(() -> Mono.fromRunnable(() -> context.hangUpLeg(EndReason.ASSISTANT_HANGUP)))));
        // The model is told at once; the hang-up itself waits for the goodbye to play out.
        act.subscribe(null, e -> log.warn("hang-up failed: {}", e.toString()));
        return Mono.just(ToolResult.ending("{\"status\":\"hanging up\"}"));
    }
}
