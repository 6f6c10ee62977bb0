package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.ToolCallContext;
import dev.voicebridge.gateway.call.ToolResult;
import dev.voicebridge.gateway.realtime.protocol.ToolDefinition;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * A deployer's tool: the model's arguments are POSTed as JSON to an endpoint and the response body
 * is what the model reads. The call id travels in X-VoiceBridge-Call-Id so the endpoint can log
 * and look up the call. Failures and timeouts become an error the model can explain.
 */
final class HttpTool implements Tool {

    private static final int MAX_OUTPUT_CHARS = 16_000;
    private final ToolDefinition definition;
    private final ToolProperties.HttpTool config;
    private final HttpClient http;
    private final Duration timeout;

    HttpTool(ToolProperties.HttpTool config, HttpClient http, Duration defaultTimeout) {
        this.config = config;
        this.http = http;
        this.timeout = config.timeout() != null ? config.timeout() : defaultTimeout;
        this.definition =
                new ToolDefinition(config.name(), config.description(), ToolRegistry.schema(config.parameters()));
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Mono<ToolResult> invoke(JsonNode arguments, ToolCallContext context) {
        byte[] body = arguments.toString().getBytes(StandardCharsets.UTF_8);
        return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .set("X-VoiceBridge-Call-Id", context.setup().callId()))
                .responseTimeout(timeout)
                .post()
                .uri(config.endpoint())
                .send(ByteBufFlux.fromString(Mono.just(new String(body, StandardCharsets.UTF_8))))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> {
                            int status = response.status().code();
                            if (status / 100 != 2) {
                                return ToolResult.error(config.name() + " answered HTTP " + status);
                            }
                            String output =
                                    text.length() > MAX_OUTPUT_CHARS ? text.substring(0, MAX_OUTPUT_CHARS) : text;
                            return ToolResult.ok(output.isEmpty() ? "{}" : output);
                        }))
                .timeout(timeout)
                .onErrorResume(e -> Mono.just(ToolResult.error(config.name() + " failed: "
                        + (e instanceof java.util.concurrent.TimeoutException
                                ? "no answer within " + timeout
                                : e.getClass().getSimpleName()))));
    }
}
