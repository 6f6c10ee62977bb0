package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What SIGTERM does to a gateway with a call on it: the context closes, as Spring's shutdown hook does. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void shouldKeepAnActiveCallThroughTheStartOfADrainRefuseNewOnesAndEndItCleanlyAtTheTimeout() throws Exception {
        try (RealtimeSimulator azure = RealtimeSimulator.start(
                        SimulatorOptions.builder().speed(4.0).build());
                GatewayRun gateway = new GatewayRun(azure, Map.of("voicebridge.admin.drain-timeout", "4s"))) {
            // Given a live call with its Azure session up, and a ready gateway
            AdminHttp http = gateway.http;
            assertThat(http.get("/actuator/health/readiness", null).statusCode())
                    .isEqualTo(200);
            MediaCaller caller =
                    MediaCaller.call(http.media(), AdminApplicationTest.MEDIA_TOKEN, "gw-drain", "sma-drain");
            SessionRecord session = azure.awaitSession(1, WAIT);
            session.awaitServerEvent("session.updated", java.time.Duration.ofSeconds(20));
            http.awaitReady("gw-drain", AdminApplicationTest.ADMIN_TOKEN);
            CallTracker tracker = gateway.bean(CallTracker.class);
            CallRegistry registry = gateway.bean(CallRegistry.class);

            // When the gateway is told to stop (on a thread of its own, as the JVM's shutdown hook; the
            // common pool is too small on a 2-core machine and the JDK's WebSocket client needs it)
            CompletableFuture<Void> shutdown = new CompletableFuture<>();
            Thread.ofPlatform().name("sigterm").start(() -> {
                gateway.close();
                shutdown.complete(null);
            });

            // Then readiness goes down at once while the web server still answers
            await(() -> http.get("/actuator/health/readiness", null).statusCode() == 503, "readiness DOWN");
            // And a new call is refused (close 1013, try again later)
            try (MediaCaller late =
                    MediaCaller.call(http.media(), AdminApplicationTest.MEDIA_TOKEN, "gw-late", "sma-late")) {
                assertThat(late.awaitClose(WAIT)).isEqualTo(1013);
            }
            // And the active call goes on: the caller still talks to the assistant after the drain began
            int before = caller.received().size();
            caller.speakThenPause(600, 600);
            await(
                    () -> caller.received().stream().skip(before).anyMatch(m -> m.contains("\"media\"")),
                    "assistant audio during the drain");
            assertThat(caller.isClosed()).isFalse();
            assertThat(shutdown).isNotDone();

            // When the drain timeout runs out
            caller.awaitClose(WAIT);
            shutdown.get(WAIT.toSeconds(), TimeUnit.SECONDS);

            // Then the call was ended cleanly as DRAINED: stream closed, Azure session closed, registry updated
            TrackedCall call = tracker.find("gw-drain").orElseThrow();
            assertThat(call.endReason()).isEqualTo(EndReason.DRAINED);
            azure.awaitNoOpenSessions(WAIT);
            CallStatus status = registry.find("sma-drain").orElseThrow();
            assertThat(status.state()).isEqualTo(CallState.ENDED);
            assertThat(status.endReason()).isEqualTo("DRAINED");
            assertThatThrownBy(() -> http.get("/actuator/health/liveness", null))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
