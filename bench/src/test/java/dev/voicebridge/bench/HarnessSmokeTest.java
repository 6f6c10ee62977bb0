package dev.voicebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the harness working in CI: a few seconds of three calls through a real gateway JVM over the
 * WebSocket endpoint and over SIP on TLS with SRTP media, with the Realtime simulator as Azure, and
 * the same calls as a baseline, all in one session (one gateway start). It checks that calls complete
 * and the report carries numbers, never what the numbers are (that is what the benchmark runs are for).
 */
class HarnessSmokeTest {

    private static final Path OUT = Path.of("target", "bench-smoke");
    private static int code;
    private static String printed;
    private static JsonNode report;

    @BeforeAll
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    static void runThreeCallsOnEachTransport() throws Exception {
        // Given three calls of six seconds, straight to Azure, over WebSocket and over SIP/TLS with SRTP
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        // When the harness runs them
        code = BenchMain.run(
                "load",
                Map.of(
                        "calls",
                        "3",
                        "duration",
                        "6",
                        "ramp",
                        "10",
                        "transports",
                        "baseline,ws,sip-srtp",
                        "warmup",
                        "0",
                        "out",
                        OUT.toString()),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        printed = log.toString(StandardCharsets.UTF_8);
        report = JsonMapper.builder().build().readTree(Files.readString(OUT.resolve("load.json")));
    }

    @Test
    void shouldRunCallsThroughTheGatewayAndReportLatencyBothWays() throws Exception {
        // Then every call completed, stamps crossed the gateway both ways, and the report has numbers
        assertThat(code).as(printed).isZero();
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
        assertThat(Files.readString(OUT.resolve("load.md"))).contains("| websocket | 3 | 3 / 0 |");
        assertThat(printed).contains("t=");
    }

    @Test
    void shouldCarrySrtpCallsOverTlsWithEveryStampReadBothWays() throws Exception {
        // Then every SIP/TLS call with SRTP media completed, and the stamps in the encrypted audio
        // reached Azure (the gateway decrypted them) and came back (the caller decrypted the echo)
        assertThat(code).as(printed).isZero();
        JsonNode srtp = report.get("runs").get(2);
        assertThat(srtp.get("transport").asString()).isEqualTo("SIP_SRTP");
        assertThat(srtp.get("callsCompleted").asInt()).as(printed).isEqualTo(3);
        assertThat(srtp.get("callsLost").asInt()).as(printed).isZero();
        assertThat(srtp.get("upSeen").asLong()).as(printed).isPositive();
        assertThat(srtp.get("upLost").asLong()).as(printed).isZero();
        assertThat(srtp.get("downLatency").get("count").asLong())
                .as("echoed stamps heard through SRTP\n" + printed)
                .isPositive();
        assertThat(srtp.get("gatewayCpuSecondsPerCallMinute").asDouble())
                .as(printed)
                .isPositive();
        assertThat(Files.readString(OUT.resolve("load.md"))).contains("| sip-srtp | 3 | 3 / 0 |");
    }
}
