package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Everything the gateway logs, from its first line, at DEBUG for its own code and Spring's web and
 * security layers, through start-up, good and bad credentials and a whole call: no secret and no
 * audio in any line, and the call's lines carry its ids.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecretsInLogsTest {

    private static final String AZURE_KEY = "azure-KEY-3f9a1c7e5b";

    @Test
    void shouldNeverLogTheAzureKeyTheTokensOrAudio(CapturedOutput output) {
        byte[] frame = new byte[160];
        Arrays.fill(frame, (byte) 0x5A);
        String audio = Base64.getEncoder().encodeToString(frame);
        try (RealtimeSimulator azure = RealtimeSimulator.start(
                        SimulatorOptions.builder().apiKey(AZURE_KEY).build());
                GatewayRun gateway = new GatewayRun(
                        azure,
                        Map.of(
                                "logging.level.dev.voicebridge", "TRACE",
                                "logging.level.org.springframework.security", "DEBUG",
                                "logging.level.org.springframework.web", "DEBUG",
                                "logging.level.org.springframework.boot.context.config", "DEBUG"))) {
            // Given a gateway started with an Azure key, an admin token and a media token
            AdminHttp http = gateway.http;

            // When clients use right, wrong and near-miss credentials
            http.get("/api/calls", AdminApplicationTest.ADMIN_TOKEN);
            http.get("/api/calls", AdminApplicationTest.ADMIN_TOKEN + "x");
            http.get("/actuator/prometheus", "x" + AdminApplicationTest.ADMIN_TOKEN);
            http.get("/api/calls", AdminApplicationTest.MEDIA_TOKEN);
            assertThatThrownBy(() -> MediaCaller.call(http.media(), AdminApplicationTest.MEDIA_TOKEN + "x", "a", "b"))
                    .isInstanceOf(RuntimeException.class);
            // And a whole call runs: audio both ways, then the admin hangs up
            try (MediaCaller caller =
                    MediaCaller.call(http.media(), AdminApplicationTest.MEDIA_TOKEN, "gw-secret", "sma-secret")) {
                SessionRecord session = azure.awaitSession(1, Duration.ofSeconds(20));
                session.awaitServerEvent("session.updated", java.time.Duration.ofSeconds(20));
                http.awaitReady("gw-secret", AdminApplicationTest.ADMIN_TOKEN);
                caller.sendMedia(frame);
                caller.speakThenPause(600, 600);
                await(() -> caller.received().stream().anyMatch(m -> m.contains("\"media\"")), "assistant audio");
                http.post("/api/calls/gw-secret/hangup", AdminApplicationTest.ADMIN_TOKEN);
                caller.awaitClose(Duration.ofSeconds(20));
            }
        }

        // Then no line has a secret or audio
        String logs = output.getAll();
        assertThat(logs).contains("gw-secret");
        assertThat(logs).doesNotContain(AZURE_KEY);
        assertThat(logs).doesNotContain(AdminApplicationTest.ADMIN_TOKEN);
        assertThat(logs).doesNotContain(AdminApplicationTest.MEDIA_TOKEN);
        assertThat(logs).doesNotContain(audio);
        // And every JSON line about the call carries its call id and SMA transaction id
        // (Spring's own request logging names the URL, which contains the id; those are lines of the
        // admin request, not of the call.)
        List<JsonNode> callLines = logs.lines()
                .filter(l -> l.startsWith("{") && l.contains("gw-secret"))
                .map(l -> AdminHttp.JSON.readTree(l))
                .filter(l -> !l.path("log").path("logger").asString().startsWith("org.springframework."))
                .toList();
        assertThat(callLines).hasSizeGreaterThan(3);
        assertThat(callLines).allSatisfy(line -> {
            assertThat(line.path("callId").asString()).as(line.toString()).isEqualTo("gw-secret");
            assertThat(line.path("smaTransactionId").asString())
                    .as(line.toString())
                    .isEqualTo("sma-secret");
        });
    }
}
