package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.PacedCaller;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A webhook receiver that is down (nothing listens on its port) costs a call nothing: a caller
 * paced in real time through the whole gateway gets every frame to Azure while every webhook
 * attempt fails, and the events that could not be delivered are counted as dropped.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookReceiverDownTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "hook-media-token";
    private static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    static final RealtimeSimulator AZURE =
            RealtimeSimulator.start(SimulatorOptions.builder().speed(1.0).build());

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        registry.add("voicebridge.realtime.endpoint", AZURE::baseUrl);
        registry.add("voicebridge.realtime.api-key", AZURE::apiKey);
        registry.add("voicebridge.realtime.deployment", AZURE::deployment);
        registry.add("voicebridge.realtime.api-version", () -> "");
        registry.add("voicebridge.realtime.greet-first", () -> "false");
        registry.add("voicebridge.websocket.token", () -> TOKEN);
        registry.add("voicebridge.sip.enabled", () -> "false");
        registry.add("voicebridge.webhook.url", () -> "http://127.0.0.1:" + closedPort() + "/hooks");
        registry.add(
                "voicebridge.webhook.secret",
                () -> "whsec_" + Base64.getEncoder().encodeToString(new byte[32]));
        registry.add("voicebridge.webhook.backoff-initial", () -> "50ms");
        registry.add("voicebridge.webhook.retry-budget", () -> "1s");
    }

    /** A port nothing listens on: taken, then given back. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopAzure() {
        AZURE.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    DefaultCallSessions calls;

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldLoseNoCallerFrameWhileTheWebhookReceiverIsDownAndCountTheDroppedEvents() {
        int before = AZURE.sessions().size();
        int spoken;
        try (MediaStreamTestClient client =
                MediaStreamTestClient.withToken(URI.create("ws://127.0.0.1:" + port + "/media"), TOKEN)) {
            // Given a receiver that is down and a caller talking in real time from the first frame
            client.sendFixture("twilio-connected.json");
            client.send(MediaStreamTestClient.fixture("twilio-start.json").replace("call-42", "hook-down"));
            try (PacedCaller caller = new PacedCaller(frame -> client.sendMedia(SID, frame), true)) {
                RecordingCallSessions.Await.until(() -> caller.sent() >= 75, "1.5 s of speech");
                caller.voiced(false);
                RecordingCallSessions.Await.until(() -> caller.sent() >= 150, "1.5 s of quiet");
                spoken = caller.sent();
            }

            // Then Azure received every frame, in order, none twice, and the call dropped none
            SessionRecord azure = AZURE.awaitSession(before + 1, WAIT);
            azure.awaitInputAudioBytes((long) (spoken - 2) * PacedCaller.FRAME_BYTES, WAIT);
            List<Integer> heard = PacedCaller.numbers(azure.inputAudio());
            assertThat(heard).startsWith(IntStream.range(0, spoken - 2).boxed().toArray(Integer[]::new));
            assertThat(heard).doesNotHaveDuplicates();
            CallSession call = calls.find("hook-down").orElseThrow();
            assertThat(call.stats().droppedIn()).isZero();
        }
        // And the call's events were tried, failed to connect, and were dropped and counted
        RecordingCallSessions.Await.until(
                () -> meters.get("voicebridge.webhook.dropped")
                                .tag("reason", "retries_exhausted")
                                .counter()
                                .count()
                        >= 3,
                "call.started, call.answered and call.state dropped");
        assertThat(meters.get("voicebridge.webhook.failures")
                        .tag("cause", "connection")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(3);
        assertThat(meters.get("voicebridge.webhook.delivered").counter().count())
                .isZero();
    }
}
