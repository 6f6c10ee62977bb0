package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.voicebridge.gateway.logging.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin security chain alone (no calls, no Azure) with JWTs configured against an identity
 * provider that cannot be reached: a JWT then cannot be checked, which is no client's mistake and
 * no bug either.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = IdentityProviderDownTest.SecurityOnly.class,
        properties = {
            "voicebridge.admin.token=adm-static-token",
            "management.endpoint.health.validate-group-membership=false"
        })
class IdentityProviderDownTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SecurityOnly {}

    @DynamicPropertySource
    static void unreachableKeys(DynamicPropertyRegistry registry) {
        registry.add("voicebridge.admin.jwk-set-uri", () -> "http://127.0.0.1:" + closedPort() + "/jwks");
    }

    /** A port nothing listens on: connections to it are refused at once. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void shouldAnswer503WithoutAStackTraceWhileJwtsCannotBeChecked() {
        try (LogCapture logs = LogCapture.start()) {
            // Given a well-formed JWT and an identity provider whose keys cannot be fetched
            String jwt = IdentityProvider.token(
                    IdentityProvider.KEY,
                    IdentityProvider.AUDIENCE,
                    Instant.now().plusSeconds(600));

            // When it is used three times
            AdminHttp http = new AdminHttp(port);
            HttpResponse<String> first = http.get("/api/calls", jwt);
            http.get("/api/calls", jwt);
            http.get("/api/calls", jwt);

            // Then the answer is a 503 problem saying why, not a 500; the static token still works
            // (here: gets past security to a path this slice does not serve); and the log has one
            // warning without a stack trace, not an ERROR per request
            assertThat(first.statusCode()).as(first.body()).isEqualTo(503);
            assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(first).path("detail").asString()).contains("identity provider");
            assertThat(http.get("/api/calls", "adm-static-token").statusCode()).isEqualTo(404);
            assertThat(logs.failures()).isEmpty();
            assertThat(logs.messages("dev.voicebridge.gateway.admin.security.ProblemResponses", Level.WARN))
                    .hasSize(1);
        }
    }
}
