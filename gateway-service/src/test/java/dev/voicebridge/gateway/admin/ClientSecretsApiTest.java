package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.voicebridge.gateway.logging.LogCapture;
import dev.voicebridge.gateway.realtime.RealtimeProperties;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/realtime/client-secrets on the whole gateway against the Realtime simulator as Azure:
 * the secret is minted with the gateway's api-key for the configured TTL, opens a Realtime
 * WebSocket bound to the gateway's session, and is refused once the simulator's clock passes its
 * expiry. The value reaches the caller only.
 */
class ClientSecretsApiTest extends AdminApplicationTest {

    @Autowired
    RealtimeProperties realtime;

    @Test
    void shouldMintASecretThatOpensARealtimeSessionUntilItExpires() throws Exception {
        // Given Azure's clock at some instant
        long mintedAt = AZURE_CLOCK.instant().getEpochSecond();

        // When the console asks for a client secret
        HttpResponse<String> minted;
        // (with Spring's and the AWS SDK's DEBUG logging on, as an operator might switch it on)
        try (DebugLogs spring = DebugLogs.on("org.springframework");
                DebugLogs aws = DebugLogs.on("software.amazon.awssdk");
                LogCapture logs = LogCapture.start()) {
            minted = http().post("/api/realtime/client-secrets", ADMIN_TOKEN, "");

            // Then the value appears in no log line, though who minted it does
            String value = json(minted).path("value").asString();
            assertThat(value).as(minted.body()).startsWith("ek_");
            assertThat(logs.events())
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains(value));
            assertThat(logs.events())
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.startsWith("admin-token minted a Realtime client secret (profile default"));
        }

        // Then it is an ephemeral key for the default 60 s, bound to the gateway's deployment and instructions
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        assertThat(minted.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode body = json(minted);
        String key = body.path("value").asString();
        assertThat(key).startsWith("ek_");
        assertThat(body.path("expiresAt").asLong()).isEqualTo(mintedAt + 60);
        assertThat(body.path("session").path("model").asString()).isEqualTo(AZURE.deployment());
        assertThat(body.path("callsUrl").asString()).isEqualTo(AZURE.baseUrl() + "/openai/v1/realtime/calls");
        assertThat(body.path("session").path("instructions").asString()).isEqualTo(realtime.instructions());
        OpenApiSchemaCheck schemas = new OpenApiSchemaCheck(
                new Yaml().load(http().get("/api/openapi.yaml", ADMIN_TOKEN).body()));
        assertThat(schemas.check(body, "ClientSecret")).isEmpty();

        // And a Realtime WebSocket opened with it works, with the gateway's session
        int before = AZURE.sessions().size();
        WebSocket socket = open(key).get(10, TimeUnit.SECONDS);
        var session = AZURE.awaitSession(before + 1, Duration.ofSeconds(10));
        session.awaitServerEvent("session.created", Duration.ofSeconds(5));
        assertThat(session.config().instructions()).isEqualTo(realtime.instructions());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        // And once Azure's clock passes its expiry, the same key is refused
        AZURE_CLOCK.advance(Duration.ofSeconds(60));
        CompletableFuture<WebSocket> late = open(key);
        assertThat(late)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void shouldRefuseAProfileThatIsNotDefinedAndFieldsTheGatewayFixes() {
        // When the console names a profile the gateway does not have, or tries to choose the session itself
        HttpResponse<String> unknownProfile =
                http().post("/api/realtime/client-secrets", ADMIN_TOKEN, "{\"profile\":\"billing\"}");
        HttpResponse<String> ownSession = http().post(
                        "/api/realtime/client-secrets", ADMIN_TOKEN, "{\"session\":{\"instructions\":\"anything\"}}");
        HttpResponse<String> notJson = http().post("/api/realtime/client-secrets", ADMIN_TOKEN, "{\"profile\":");

        // Then each is a 400 problem naming what was wrong
        assertProblem(unknownProfile, 400, "profile 'billing' is not defined; the profiles are [default, support]");
        assertProblem(ownSession, 400, "unknown field 'session'");
        assertProblem(notJson, 400, "not valid JSON");
    }

    @Test
    void shouldRefuseAnUnauthenticatedRequest() {
        // When a request comes without a token, or with a wrong one
        HttpResponse<String> none = http().post("/api/realtime/client-secrets", null, "");
        HttpResponse<String> wrong = http().post("/api/realtime/client-secrets", "not-the-token", "");

        // Then both are 401
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    private static CompletableFuture<WebSocket> open(String key) {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + key)
                .buildAsync(AZURE.gaUri(), new WebSocket.Listener() {});
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).path("detail").asString()).contains(detail);
    }
}
