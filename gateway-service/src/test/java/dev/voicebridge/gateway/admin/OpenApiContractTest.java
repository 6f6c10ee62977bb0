package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.SessionRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/** The served OpenAPI description against the real endpoints, both ways. */
class OpenApiContractTest extends AdminApplicationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    @SuppressWarnings("unchecked")
    private Map<String, Object> served() {
        HttpResponse<String> response = http().get("/api/openapi.yaml", ADMIN_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        return new Yaml().load(response.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDescribeExactlyTheOperationsTheGatewayServesUnderApi() {
        // Given the served description and the gateway's real request mappings
        Map<String, Object> openApi = served();
        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) openApi.get("paths"))
                .forEach((path, operations) ->
                        operations.keySet().forEach(method -> described.add(method.toUpperCase() + " " + path)));
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternsCondition().getPatterns().forEach(p -> {
                    if (p.getPatternString().startsWith("/api/")) {
                        info.getMethodsCondition()
                                .getMethods()
                                .forEach(m -> served.add(m.name() + " " + p.getPatternString()));
                    }
                }));

        // Then every described operation exists and every served one is described
        assertThat(served).isNotEmpty();
        assertThat(described).isEqualTo(served);
    }

    @Test
    void shouldReturnBodiesThatMatchTheDescribedSchemas() {
        // Given the description and a real call with a caller turn
        OpenApiSchemaCheck schemas = new OpenApiSchemaCheck(served());
        AdminHttp http = http();
        int before = AZURE.sessions().size();
        try (MediaCaller caller = MediaCaller.call(http.media(), MEDIA_TOKEN, "gw-contract", "sma-contract")) {
            SessionRecord azure = AZURE.awaitSession(before + 1, Duration.ofSeconds(20));
            azure.awaitServerEvent("session.updated", java.time.Duration.ofSeconds(20));
            http.awaitReady("gw-contract", ADMIN_TOKEN);
            caller.speakThenPause(600, 600);
            JsonNode detail = await(
                    () -> {
                        JsonNode c = json(http.get("/api/calls/sma-contract", ADMIN_TOKEN));
                        return c.path("media").isObject()
                                        && c.path("transcript").size() > 0
                                ? c
                                : null;
                    },
                    "a call with media stats and a transcript");

            // When the list, the call, a hang-up and an error are fetched
            JsonNode list = json(http.get("/api/calls?limit=5", ADMIN_TOKEN));
            JsonNode hangup = json(http.post("/api/calls/sma-contract/hangup", ADMIN_TOKEN));
            JsonNode problem = json(http.get("/api/calls/nope", ADMIN_TOKEN));

            // Then each body has what its schema requires and nothing it does not describe
            assertThat(schemas.check(detail, "CallDetail")).isEmpty();
            assertThat(schemas.check(list, "CallList")).isEmpty();
            assertThat(list.path("calls").size()).isPositive();
            assertThat(schemas.check(hangup, "HangupAccepted")).isEmpty();
            assertThat(schemas.check(problem, "Problem")).isEmpty();
        }
    }
}
