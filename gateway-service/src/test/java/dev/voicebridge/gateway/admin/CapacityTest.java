package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A gateway at GATEWAY_MAX_CALLS: it stays ready (full is not broken) and says how full it is in a
 * health component and a gauge of its own, while the call past the limit is refused.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CapacityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void shouldStayReadyAtTheCallLimitAndReportTheCapacityApart() throws Exception {
        try (RealtimeSimulator azure = RealtimeSimulator.start(
                        SimulatorOptions.builder().speed(4.0).build());
                GatewayRun gateway = new GatewayRun(azure, Map.of("voicebridge.call.max-calls", "1"))) {
            // Given a gateway for one call, carrying one
            AdminHttp http = gateway.http;
            MediaCaller caller =
                    MediaCaller.call(http.media(), AdminApplicationTest.MEDIA_TOKEN, "gw-full", "sma-full");
            http.awaitReady("gw-full", AdminApplicationTest.ADMIN_TOKEN);

            // When the probes, the health details and the metrics are read, and a second call comes
            HttpResponse<String> readiness = http.get("/actuator/health/readiness", null);
            JsonNode health = json(http.get("/actuator/health", AdminApplicationTest.ADMIN_TOKEN));
            String metrics = http.get("/actuator/prometheus", AdminApplicationTest.ADMIN_TOKEN)
                    .body();
            int refused;
            try (MediaCaller second =
                    MediaCaller.call(http.media(), AdminApplicationTest.MEDIA_TOKEN, "gw-over", "sma-over")) {
                refused = second.awaitClose(WAIT);
            }

            // Then readiness stays UP, so no load balancer or Auto Scaling group takes out (or
            // replaces) a host for being busy; the call past the limit is refused to try again later
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(json(readiness).path("status").asString()).isEqualTo("UP");
            assertThat(refused).isEqualTo(1013);
            // And how full it is has a component of its own, outside readiness, and a gauge
            JsonNode capacity = health.path("components").path("capacity");
            assertThat(capacity.path("status").asString()).isEqualTo("UP");
            assertThat(capacity.path("details").path("liveCalls").asInt()).isEqualTo(1);
            assertThat(capacity.path("details").path("maxCalls").asInt()).isEqualTo(1);
            assertThat(capacity.path("details").path("remaining").asInt()).isZero();
            assertThat(capacity.path("details").path("full").asBoolean()).isTrue();
            assertThat(health.path("components").path("drain").path("status").asString())
                    .isEqualTo("UP");
            assertThat(metrics).containsPattern("(?m)^voicebridge_calls_capacity_remaining\\{[^}]*} 0\\.0$");

            // When the call ends
            caller.close();

            // Then the room is back
            await(
                    () -> json(http.get("/actuator/health", AdminApplicationTest.ADMIN_TOKEN))
                                    .path("components")
                                    .path("capacity")
                                    .path("details")
                                    .path("remaining")
                                    .asInt()
                            == 1,
                    "capacity to be free again");
        }
    }
}
