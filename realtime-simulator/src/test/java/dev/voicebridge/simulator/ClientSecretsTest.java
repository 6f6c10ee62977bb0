package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.contract.RealtimeSchemas;
import dev.voicebridge.testsupport.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GA client secrets endpoint: minted with the resource's key, checked against the published
 * schema with named 400s, and the ephemeral key then opening a WebSocket session (bound to the
 * secret's session configuration) until it expires by the simulator's clock.
 */
class ClientSecretsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SESSION = """
            {"type":"realtime","model":"gpt-realtime","instructions":"You help the console user. Be brief.",
             "audio":{"output":{"voice":"cedar"}}}""";

    /** The simulator's clock, moved by the test: an instant of its own, never compared with the wall clock. */
    private final ManualClock clock = ManualClock.startingAt(Instant.ofEpochSecond(1_800_000_000L));

    private final HttpClient http = HttpClient.newHttpClient();
    private RealtimeSimulator simulator;

    @BeforeEach
    void start() {
        simulator =
                RealtimeSimulator.start(SimulatorOptions.builder().clock(clock).build());
    }

    @AfterEach
    void stop() {
        simulator.close();
        http.close();
    }

    private HttpResponse<String> mint(String body, String header, String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(simulator.baseUrl() + "/openai/v1/realtime/client_secrets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> mint(String body) throws Exception {
        return mint(body, "api-key", simulator.apiKey());
    }

    @Test
    void shouldMintAnEphemeralKeyThatOpensASessionWithItsConfigurationUntilItExpires() throws Exception {
        // Given a client secret minted with the resource's key for 60 s
        HttpResponse<String> minted = mint("""
                {"expires_after":{"anchor":"created_at","seconds":60},"session":%s}""".formatted(SESSION));
        JsonNode answer = JSON.readTree(minted.body());

        // Then it is an ek_ value, expiring 60 s after now by the simulator's clock, with a session
        // that is what the published schema describes
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        String key = answer.path("value").asString();
        assertThat(key).startsWith("ek_");
        assertThat(answer.path("expires_at").asLong()).isEqualTo(clock.instant().getEpochSecond() + 60);
        assertThat(RealtimeSchemas.violationsOf("RealtimeSessionCreateResponseGA", answer.path("session")))
                .isEmpty();
        assertThat(answer.path("session").path("instructions").asString())
                .isEqualTo("You help the console user. Be brief.");

        // When a client opens a Realtime WebSocket with it 59 s later
        clock.advance(Duration.ofSeconds(59));
        try (RealtimeTestClient client =
                RealtimeTestClient.connect(simulator.gaUri(), h -> h.set("Authorization", "Bearer " + key))) {
            // Then the session opens with the secret's instructions and voice
            assertThat(client.awaitHandshake()).isEqualTo(101);
            JsonNode created = client.await("session.created").path("session");
            assertThat(created.path("instructions").asString()).isEqualTo("You help the console user. Be brief.");
            assertThat(created.path("audio").path("output").path("voice").asString())
                    .isEqualTo("cedar");
        }

        // And once it has expired, the same key is refused
        clock.advance(Duration.ofSeconds(1));
        try (RealtimeTestClient late =
                RealtimeTestClient.connect(simulator.gaUri(), h -> h.set("Authorization", "Bearer " + key))) {
            assertThat(late.awaitHandshake()).isEqualTo(401);
        }
        assertThat(simulator.sessions()).hasSize(1);
    }

    @Test
    void shouldDefaultToSixHundredSecondsWithoutExpiresAfter() throws Exception {
        // When a secret is minted without expires_after
        HttpResponse<String> minted = mint("{\"session\":" + SESSION + "}");

        // Then it expires after the published default, 600 s
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
        assertThat(JSON.readTree(minted.body()).path("expires_at").asLong())
                .isEqualTo(clock.instant().getEpochSecond() + 600);
    }

    @Test
    void shouldRefuseRequestsOutsideTheSchemaNamingTheParameter() throws Exception {
        // When requests break the published schema in different places
        // Then each is a 400 invalid_request_error naming the parameter
        assertRefused(
                mint("{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":5},\"session\":" + SESSION + "}"),
                "expires_after.seconds");
        assertRefused(
                mint("{\"expires_after\":{\"anchor\":\"created_at\",\"seconds\":7201},\"session\":" + SESSION + "}"),
                "expires_after.seconds");
        assertRefused(
                mint("{\"expires_after\":{\"anchor\":\"now\",\"seconds\":60},\"session\":" + SESSION + "}"),
                "expires_after.anchor");
        assertRefused(mint("{\"ttl\":60,\"session\":" + SESSION + "}"), "ttl");
        assertRefused(mint("{\"session\":{\"model\":\"gpt-realtime\"}}"), "session.type");
        assertRefused(
                mint("{\"session\":{\"type\":\"realtime\",\"model\":\"gpt-realtime\",\"instructions\":7}}"),
                "session.instructions");
        assertRefused(mint("{}"), "session");
        HttpResponse<String> notJson = mint("{\"session\":");
        assertThat(notJson.statusCode()).isEqualTo(400);
        // And a session for another deployment is Azure's 404
        HttpResponse<String> otherDeployment = mint("{\"session\":{\"type\":\"realtime\",\"model\":\"not-deployed\"}}");
        assertThat(otherDeployment.statusCode()).isEqualTo(404);
        assertThat(otherDeployment.body()).contains("DeploymentNotFound");
    }

    @Test
    void shouldMintOnlyWithTheResourcesOwnCredentials() throws Exception {
        // Given a minted client secret
        String key = JSON.readTree(mint("{\"session\":" + SESSION + "}").body())
                .path("value")
                .asString();

        // When minting without credentials, with a wrong key, or with the client secret itself
        HttpResponse<String> none = mint("{\"session\":" + SESSION + "}", null, null);
        HttpResponse<String> wrong = mint("{\"session\":" + SESSION + "}", "api-key", "wrong");
        HttpResponse<String> withSecret = mint("{\"session\":" + SESSION + "}", "Authorization", "Bearer " + key);
        HttpResponse<String> withEntra =
                mint("{\"session\":" + SESSION + "}", "Authorization", "Bearer " + simulator.bearerToken());

        // Then only the Entra token (like the api-key) mints
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(withSecret.statusCode()).isEqualTo(401);
        assertThat(withEntra.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseABearerKeyItNeverMinted() {
        // When a client presents an ek_ value this simulator never minted
        try (RealtimeTestClient client = RealtimeTestClient.connect(
                simulator.gaUri(), h -> h.set("Authorization", "Bearer ek_0123456789abcdef"))) {
            // Then the handshake is refused
            assertThat(client.awaitHandshake()).isEqualTo(401);
        }
        assertThat(simulator.sessions()).isEmpty();
    }

    private static void assertRefused(HttpResponse<String> response, String param) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asString()).as(response.body()).isEqualTo(param);
    }
}
