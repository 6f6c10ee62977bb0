package dev.voicebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the harness working in CI: a few seconds of three calls through a real gateway JVM over the
 * WebSocket endpoint, with the Realtime simulator as Azure, and the same calls as a baseline. It
 * checks that calls complete and the report carries numbers, never what the numbers are (that is
 * what the benchmark runs are for).
 */
class HarnessSmokeTest {

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void shouldRunCallsThroughTheGatewayAndReportLatencyBothWays() throws Exception {
        // Given three calls of six seconds, over WebSocket and straight to Azure
        Path out = Path.of("target", "bench-smoke");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        // When the harness runs them
        int code = BenchMain.run(
                "load",
                Map.of(
                        "calls",
                        "3",
                        "duration",
                        "6",
                        "ramp",
                        "10",
                        "transports",
                        "baseline,ws",
                        "warmup",
                        "0",
                        "out",
                        out.toString()),
                new PrintStream(log, true, StandardCharsets.UTF_8));

        // Then every call completed, stamps crossed the gateway both ways, and the report has numbers
        String printed = log.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(out.resolve("load.json")));
        JsonNode ws = report.get("runs").get(1);
        assertThat(ws.get("transport").asString()).isEqualTo("WEBSOCKET");
        assertThat(ws.get("callsCompleted").asInt()).as(printed).isEqualTo(3);
        assertThat(ws.get("callsLost").asInt()).as(printed).isZero();
        assertThat(ws.get("upLatency").get("count").asLong()).as(printed).isPositive();
        assertThat(ws.get("upLatency").get("p99").isNumber()).isTrue();
        assertThat(ws.get("downLatency").get("count").asLong())
                .as("echoed stamps heard through the gateway\n" + printed)
                .isPositive();
        assertThat(ws.get("roundTrip").get("count").asLong())
                .as("round trips read from the echoed stamps\n" + printed)
                .isPositive();
        JsonNode baseline = report.get("runs").get(0);
        assertThat(baseline.get("upLatency").get("count").asLong()).isPositive();
        // And the tap found every stamp of the baseline, and the harness measured its own CPU beside the gateway's
        assertThat(baseline.get("upLost").asLong()).as(printed).isZero();
        assertThat(baseline.get("upSeen").asLong())
                .as(printed)
                .isEqualTo(baseline.get("upSent").asLong());
        assertThat(ws.get("harnessCpuSecondsPerCallMinute").asDouble())
                .as(printed)
                .isPositive();
        assertThat(ws.get("gatewayCpuSecondsPerCallMinute").asDouble())
                .as(printed)
                .isPositive();
        assertThat(report.get("pinning").asString()).isEqualTo("off");
        assertThat(Files.readString(out.resolve("load.md"))).contains("| websocket | 3 | 3 / 0 |");
        assertThat(printed).contains("t=");
    }
}
