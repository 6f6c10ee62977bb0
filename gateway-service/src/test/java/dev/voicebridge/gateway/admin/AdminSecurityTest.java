package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may reach what, over real HTTP. */
class AdminSecurityTest extends AdminApplicationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/calls",
                "/api/calls/x",
                "/api/openapi.yaml",
                "/actuator/prometheus",
                "/actuator/health",
                "/actuator/info"
            })
    void shouldRefuseTheApiAndActuatorWithoutAValidTokenAsProblemJson(String path) {
        AdminHttp http = http();
        // Given no token, a wrong token, the media token and the admin token with a wrong last character
        for (String token :
                new String[] {null, "wrong", MEDIA_TOKEN, ADMIN_TOKEN.substring(0, ADMIN_TOKEN.length() - 1) + "X"}) {
            // When the path is requested
            HttpResponse<String> response = http.get(path, token);

            // Then it is 401 as problem+json with a bearer challenge, and the body never repeats the token
            assertThat(response.statusCode()).as("%s with %s", path, token).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer");
            assertThat(json(response).path("status").asInt()).isEqualTo(401);
            if (token != null) {
                assertThat(response.body()).doesNotContain(token);
            }
        }
    }

    @Test
    void shouldServeTheApiAndMetricsWithTheAdminToken() {
        AdminHttp http = http();
        // Given the admin token
        // When the API and the metrics are requested
        // Then they answer
        assertThat(http.get("/api/calls", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/prometheus", ADMIN_TOKEN).body()).contains("voicebridge_calls_active");
        assertThat(json(http.get("/actuator/health", ADMIN_TOKEN))
                        .path("components")
                        .has("azure"))
                .isTrue();
    }

    @Test
    void shouldKeepTheProbesOpenWithoutDetailsAndCloseEverythingElse() {
        AdminHttp http = http();
        // Given no credentials
        // When the probes and other paths are requested
        HttpResponse<String> liveness = http.get("/actuator/health/liveness", null);
        HttpResponse<String> readiness = http.get("/actuator/health/readiness", null);

        // Then the probes answer with a status only, and anything else is closed, even with the token
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json(liveness).path("status").asString()).isEqualTo("UP");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).has("components")).isFalse();
        assertThat(http.get("/", null).statusCode()).isEqualTo(401);
        assertThat(http.get("/secret.txt", ADMIN_TOKEN).statusCode()).isIn(401, 403);
        assertThat(http.post("/actuator/health/liveness", null).statusCode()).isIn(401, 403, 405);
    }
}
