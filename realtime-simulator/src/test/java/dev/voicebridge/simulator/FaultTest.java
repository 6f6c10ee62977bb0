package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FaultTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] UTTERANCE = Speech.concat(Speech.ulawVoiced(800), Speech.ulawSilence(500));

    private RealtimeSimulator simulator;

    @AfterEach
    void tearDown() {
        simulator.close();
    }

    private RealtimeTestClient configuredClient() {
        RealtimeTestClient client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.sendFixture("ga-session-update-pcmu.json");
        client.await("session.updated");
        return client;
    }

    @Test
    void shouldDropTheSocketMidResponseOnlyInTheScriptedSession() {
        // Given session 1 drops after two deltas of its first response
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.DropConnection(1, 1, 2))
                .build());

        // When a client speaks in session 1, then reconnects and speaks again
        try (RealtimeTestClient first = configuredClient()) {
            first.appendInFrames(UTTERANCE, 160);
            int code = first.awaitClose();

            // Then the socket died without a close frame, after exactly two audio deltas
            assertThat(code).isEqualTo(1006);
            assertThat(first.events("response.output_audio.delta")).hasSize(2);
            assertThat(first.types()).doesNotContain("response.done");
        }
        assertThat(simulator.awaitSession(1, WAIT).awaitClosed(WAIT).code()).isEqualTo(1006);
        try (RealtimeTestClient second = configuredClient()) {
            second.appendInFrames(UTTERANCE, 160);
            // And the next session is healthy
            assertThat(second.await("response.done").at("/response/status").asString())
                    .isEqualTo("completed");
        }
    }

    @Test
    void shouldExpireTheSessionWithAnErrorAndClose1001() {
        // Given sessions live 300 ms
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.SessionExpiry(1, Duration.ofMillis(300)))
                .build());

        // When a client stays connected past that
        try (RealtimeTestClient client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey())) {
            int code = client.awaitClose();

            // Then it gets session_expired and a 1001 close, as from Azure at 30 minutes
            assertThat(client.await("error").at("/error/code").asString()).isEqualTo("session_expired");
            assertThat(code).isEqualTo(1001);
        }
        SessionRecord.Close close = simulator.awaitSession(1, WAIT).awaitClosed(WAIT);
        assertThat(close).isEqualTo(new SessionRecord.Close(1001, "session_expired", true));
    }

    @Test
    void shouldSendAScriptedErrorAndFailThatResponseButKeepTheSession() {
        // Given the first response fails with a server error
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.ErrorEvent(1, 1, "server_error", "server_error", "The server had an error.", true))
                .build());

        // When the caller speaks twice
        try (RealtimeTestClient client = configuredClient()) {
            client.appendInFrames(UTTERANCE, 160);
            JsonNode failed = client.await("response.done");
            client.appendInFrames(UTTERANCE, 160);
            JsonNode second = client.await("response.done", 2);

            // Then the first turn fails loudly and the second works
            assertThat(client.await("error").at("/error/code").asString()).isEqualTo("server_error");
            assertThat(failed.at("/response/status").asString()).isEqualTo("failed");
            assertThat(second.at("/response/status").asString()).isEqualTo("completed");
        }
    }

    @Test
    void shouldStallAfterTheFirstDeltaThenCarryOn() {
        // Given the first response stalls 600 ms after its first delta
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.Stall(1, 1, Duration.ofMillis(600)))
                .build());

        // When the caller speaks
        try (RealtimeTestClient client = configuredClient()) {
            client.appendInFrames(UTTERANCE, 160);
            client.await("response.done");
        }

        // Then the gap between the first two deltas holds the stall and the response still completes
        List<SessionRecord.ServerEvent> deltas =
                simulator.awaitSession(1, WAIT).serverEvents("response.output_audio.delta");
        assertThat(Duration.between(deltas.get(0).at(), deltas.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(550));
    }

    @Test
    void shouldAnswerOnlyTheScriptedSessionsSessionUpdateLate() {
        // Given session 1's session.updated comes 600 ms late
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.SlowSessionUpdate(1, Duration.ofMillis(600)))
                .build());

        // When a client sets up session 1, then another sets up session 2
        try (RealtimeTestClient first = configuredClient();
                RealtimeTestClient second = configuredClient()) {
            assertThat(first.events("session.updated")).hasSize(1);
            assertThat(second.events("session.updated")).hasSize(1);
        }

        // Then session 1 answered its update 600 ms after it came, session 2 at once
        assertThat(updateDelay(simulator.awaitSession(1, WAIT))).isGreaterThanOrEqualTo(Duration.ofMillis(550));
        assertThat(updateDelay(simulator.awaitSession(2, WAIT))).isLessThan(Duration.ofMillis(550));
    }

    private static Duration updateDelay(SessionRecord session) {
        return Duration.between(
                session.clientEvents("session.update").get(0).at(),
                session.serverEvents("session.updated").get(0).at());
    }

    @Test
    void shouldLeaveNoSessionOpenAfterManyClientsComeAndGo() {
        // Given a simulator
        simulator = RealtimeSimulator.start();

        // When 30 clients connect, get their session and leave
        for (int i = 0; i < 30; i++) {
            try (RealtimeTestClient client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey())) {
                client.await("session.created");
            }
        }

        // Then every session is closed
        simulator.awaitNoOpenSessions(WAIT);
        assertThat(simulator.sessions()).hasSize(30);
    }
}
