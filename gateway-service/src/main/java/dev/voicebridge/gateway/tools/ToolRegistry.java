package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.AssistantProfile;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallTools;
import dev.voicebridge.gateway.call.ToolCallContext;
import dev.voicebridge.gateway.call.ToolResult;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.protocol.Json;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The tools a call's model may use: the built-in ones that are enabled and the deployer's HTTP
 * tools. Every invocation runs off the Realtime event loop, under a timeout, and any failure comes
 * back as an error result, so a broken tool never costs the caller the call.
 */
@Component
public class ToolRegistry implements CallTools {

    private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    /** The built-in tools by name, and whether a call without a profile switch gets them. */
    private final Map<String, Boolean> builtIns = new LinkedHashMap<>();

    private final java.time.Duration guard;

    public ToolRegistry(ToolProperties properties, SmaCallControl sma) {
        // A safety net above every tool's own timeout and the wait for a goodbye to play out.
        this.guard = properties.http().stream()
                .map(ToolProperties.HttpTool::timeout)
                .filter(java.util.Objects::nonNull)
                .reduce(properties.timeout(), (a, b) -> a.compareTo(b) >= 0 ? a : b)
                .plusSeconds(30);
        // Every built-in tool exists, so a profile can switch one on that the environment leaves off.
        builtIn(new HangUpTool(sma), properties.hangUp());
        builtIn(
                new TransferToHumanTool(sma, properties.transferNumber(), properties.transferAllowed()),
                properties.transfer());
        builtIn(new SendDtmfTool(), properties.sendDtmf());
        HttpClient http = HttpClient.create();
        for (ToolProperties.HttpTool config : properties.http()) {
            add(new HttpTool(config, http, properties.timeout()));
        }
    }

    private void builtIn(Tool tool, boolean onByDefault) {
        add(tool);
        builtIns.put(tool.definition().name(), onByDefault);
    }

    private void add(Tool tool) {
        String name = tool.definition().name();
        if (tools.putIfAbsent(name, tool) != null) {
            throw new IllegalStateException("two tools are named '" + name + "'");
        }
    }

    /** Parses a JSON schema given in configuration, naming the problem when it is not JSON. */
    static JsonNode schema(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("tool parameters are not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public List<ToolDefinition> definitions() {
        return tools.values().stream()
                .filter(t -> offered(t, Map.of()))
                .map(Tool::definition)
                .toList();
    }

    @Override
    public List<ToolDefinition> definitions(CallSetup setup) {
        Map<String, Boolean> switches = AssistantProfile.toolSwitches(setup);
        return tools.values().stream()
                .filter(t -> offered(t, switches))
                .map(Tool::definition)
                .toList();
    }

    /** HTTP tools always; a built-in one as the call's profile switched it, else as configured. */
    private boolean offered(Tool tool, Map<String, Boolean> switches) {
        String name = tool.definition().name();
        Boolean byDefault = builtIns.get(name);
        return byDefault == null || switches.getOrDefault(name, byDefault);
    }

    @Override
    public Mono<ToolResult> invoke(String name, String arguments, ToolCallContext context) {
        Tool tool = tools.get(name);
        // A tool the call was not offered does not exist for it, whatever the model was talked into.
        if (tool == null || !offered(tool, AssistantProfile.toolSwitches(context.setup()))) {
            return Mono.just(ToolResult.error("there is no tool named " + name));
        }
        JsonNode args;
        try {
            args = arguments == null || arguments.isBlank()
                    ? Json.MAPPER.createObjectNode()
                    : Json.MAPPER.readTree(arguments);
        } catch (JacksonException e) {
            return Mono.just(ToolResult.error("arguments are not valid JSON: " + e.getOriginalMessage()));
        }
        if (!args.isObject()) {
            return Mono.just(ToolResult.error("arguments must be a JSON object"));
        }
        return Mono.defer(() -> {
                    try (var scope = CallLogContext.open(context.setup().callId())) {
                        return tool.invoke(args, context);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(guard)
                .onErrorResume(e -> {
                    log.warn("tool {} failed: {}", name, e.toString());
                    return Mono.just(ToolResult.error(
                            e instanceof TimeoutException ? name + " took too long" : name + " failed"));
                });
    }
}
