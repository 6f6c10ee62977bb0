package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.SessionRecord;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Prometheus scrape after a real call with a caller turn. */
class MetricsTest extends AdminApplicationTest {

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void shouldMeterSetUpLatencyFirstAudioAndFramesOfACall() {
        AdminHttp http = http();
        int before = AZURE.sessions().size();
        try (MediaCaller caller = MediaCaller.call(http.media(), MEDIA_TOKEN, "gw-metrics", "sma-metrics")) {
            // Given a call that set up its Azure session and carried one caller turn and its answer
            SessionRecord azure = AZURE.awaitSession(before + 1, Duration.ofSeconds(20));
            azure.awaitServerEvent("session.updated", java.time.Duration.ofSeconds(20));
            http.awaitReady("gw-metrics", ADMIN_TOKEN);
            caller.speakThenPause(600, 600);
            await(() -> caller.received().stream().anyMatch(m -> m.contains("\"media\"")), "assistant audio");

            // When Prometheus scrapes the gateway
            String scrape = await(
                    () -> {
                        String s = http.get("/actuator/prometheus", ADMIN_TOKEN).body();
                        return value(
                                                s,
                                                "voicebridge_azure_first_audio_seconds_count{application=\"voicebridge-gateway\"}")
                                        >= 1
                                ? s
                                : null;
                    },
                    "a first-audio measurement");

            // Then set-up time, latency per direction, first audio, frames and live calls are there
            assertThat(value(scrape, "voicebridge_calls_active{application=\"voicebridge-gateway\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(
                            value(
                                    scrape,
                                    "voicebridge_call_setup_seconds_count{application=\"voicebridge-gateway\",transport=\"WEBSOCKET\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(
                            value(
                                    scrape,
                                    "voicebridge_gateway_latency_seconds_count{application=\"voicebridge-gateway\",direction=\"inbound\"}"))
                    .isGreaterThan(10);
            assertThat(
                            value(
                                    scrape,
                                    "voicebridge_gateway_latency_seconds_count{application=\"voicebridge-gateway\",direction=\"outbound\"}"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape)
                    .contains(
                            "voicebridge_gateway_latency_seconds_bucket{application=\"voicebridge-gateway\",direction=\"inbound\",le=");
            assertThat(value(
                            scrape,
                            "voicebridge_frames_total{application=\"voicebridge-gateway\",direction=\"inbound\"}"))
                    .isGreaterThan(10);
            assertThat(scrape)
                    .contains(
                            "voicebridge_bargeins_total",
                            "voicebridge_azure_reconnects_total",
                            "voicebridge_frames_dropped_total",
                            "voicebridge_playout_queue_depth");
        }
    }
}
