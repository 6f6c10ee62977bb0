package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.call.Speech;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.simulator.Fault;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every scripted fault of the simulator, each with the call surviving: the caller stays connected,
 * a fresh session is primed with the conversation so far, and the next turn is answered.
 */
class RealtimeFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private RealtimeSimulator azure;
    private TestGateway gateway;

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    private TestGateway.Call callWith(SimulatorOptions options, UnaryOperator<TestGateway.Settings> settings)
            throws Exception {
        azure = RealtimeSimulator.start(options);
        gateway = new TestGateway(URI.create(azure.baseUrl()), settings);
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        return call;
    }

    /** The call goes on: a second session answers the caller's next turn with audio the leg plays. */
    private void assertCallSurvivesOnSecondSession(TestGateway.Call call) {
        SessionRecord second = azure.awaitSession(2, WAIT);
        call.awaitReady();
        int before = call.leg().frameCount();
        call.say(Speech.utterance(500, 400));
        second.awaitServerEvent("response.done", WAIT);
        RecordingCallLeg.await(
                "the new session's answer played", WAIT, () -> call.leg().frameCount() > before + 10);
        assertThat(call.leg().hangUpReason()).isNull();
        assertThat(call.session().ended()).isFalse();
        assertThat(call.session().stats().reconnects()).isEqualTo(1);
    }

    @Test
    void shouldReconnectAndReplayTheConversationWhenTheSocketDropsMidResponse() throws Exception {
        // Given a first session that dies mid-response, after the first turn was transcribed
        TestGateway.Call call = callWith(
                SimulatorOptions.builder()
                        .fault(new Fault.DropConnection(1, 2, 2))
                        .build(),
                s -> s);
        SessionRecord first = azure.awaitSession(1, WAIT);
        call.say(Speech.utterance(500, 400));
        first.awaitServerEvent("response.done", WAIT);
        RecordingCallLeg.await(
                "both sides of turn one transcribed",
                WAIT,
                () -> call.session().assistant().transcript().entries().size() >= 2);

        // When the second turn's response is cut off
        call.say(Speech.utterance(500, 400));

        // Then a new session is primed with the transcript as text items and the call goes on
        SessionRecord second = azure.awaitSession(2, WAIT);
        second.awaitClientEvent("conversation.item.create", 2, WAIT);
        var replayed = second.clientEvents("conversation.item.create");
        assertThat(replayed.get(0).json().path("item").path("role").stringValue())
                .isEqualTo("user");
        assertThat(replayed.get(1).json().path("item").path("role").stringValue())
                .isEqualTo("assistant");
        assertThat(replayed.get(1)
                        .json()
                        .path("item")
                        .path("content")
                        .get(0)
                        .path("type")
                        .stringValue())
                .isEqualTo("output_text");
        assertThat(second.clientEventTypes().indexOf("session.update"))
                .isLessThan(second.clientEventTypes().indexOf("conversation.item.create"));
        assertCallSurvivesOnSecondSession(call);
    }

    @Test
    void shouldOpenAFreshSessionWhenAzureExpiresTheSession() throws Exception {
        // Given a session that expires a second after it opens, like Azure's 30-minute cap
        // (with expiry-driven rollover off, so the expiry itself is what the gateway meets)
        TestGateway.Call call = callWith(
                SimulatorOptions.builder()
                        .fault(new Fault.SessionExpiry(1, Duration.ofMillis(800)))
                        .build(),
                s -> {
                    s.rolloverMargin = Duration.ZERO;
                    return s;
                });
        SessionRecord first = azure.awaitSession(1, WAIT);

        // When it expires
        first.awaitClosed(WAIT);

        // Then the gateway opens a new one at once and the caller never notices
        assertThat(first.serverEvents("error"))
                .extracting(e -> e.json().path("error").path("code").stringValue())
                .containsExactly("session_expired");
        assertCallSurvivesOnSecondSession(call);
    }

    @Test
    void shouldRollOverToAFreshSessionAtAQuietMomentBeforeTheSessionExpires() throws Exception {
        // Given a session that would expire after 4 s, and rollover 3 s before expiry
        TestGateway.Call call = callWith(
                SimulatorOptions.builder()
                        .fault(new Fault.SessionExpiry(1, Duration.ofSeconds(4)))
                        .build(),
                s -> {
                    s.rolloverMargin = Duration.ofSeconds(3);
                    return s;
                });
        SessionRecord first = azure.awaitSession(1, WAIT);
        call.say(Speech.utterance(500, 400));
        first.awaitServerEvent("response.done", WAIT);

        // When the line goes quiet after the first second
        SessionRecord second = azure.awaitSession(2, WAIT);

        // Then the gateway switched sessions itself, before Azure cut it off, with the conversation replayed
        SessionRecord.Close close = first.awaitClosed(WAIT);
        assertThat(close.byServer()).isFalse();
        assertThat(first.serverEvents("error")).isEmpty();
        second.awaitClientEvent("conversation.item.create", WAIT);
        RecordingCallLeg.await(
                "rollover counted", WAIT, () -> call.session().stats().rollovers() == 1);
        assertThat(call.session().stats().reconnects()).isZero();
        int before = call.leg().frameCount();
        call.say(Speech.utterance(500, 400));
        second.awaitServerEvent("response.done", WAIT);
        RecordingCallLeg.await(
                "the new session's answer played", WAIT, () -> call.leg().frameCount() > before + 10);
        assertThat(call.leg().hangUpReason()).isNull();
    }

    @Test
    void shouldCarryOnAfterAnErrorEvent() throws Exception {
        // Given a server that sends an error event (and fails that response) on the first turn
        TestGateway.Call call = callWith(
                SimulatorOptions.builder()
                        .fault(new Fault.ErrorEvent(
                                1, 1, "server_error", "server_error", "The server had an error", true))
                        .build(),
                s -> s);
        SessionRecord session = azure.awaitSession(1, WAIT);
        call.say(Speech.utterance(500, 400));
        session.awaitServerEvent("error", WAIT);

        // When the caller tries again
        call.say(Speech.utterance(500, 400));

        // Then the same session answers; nothing was torn down
        session.awaitServerEvent("response.done", 2, WAIT);
        RecordingCallLeg.await("the answer played", WAIT, () -> call.leg().frameCount() > 10);
        assertThat(session.isOpen()).isTrue();
        assertThat(call.session().stats().reconnects()).isZero();
        assertThat(call.session().assistant().serverErrors()).isEqualTo(1);
        assertThat(call.leg().hangUpReason()).isNull();
    }

    @Test
    void shouldReplaceASessionThatStallsMidResponse() throws Exception {
        // Given a server that goes silent for 5 s after the first delta, and a 500 ms stall limit
        TestGateway.Call call = callWith(
                SimulatorOptions.builder()
                        .fault(new Fault.Stall(1, 1, Duration.ofSeconds(5)))
                        .build(),
                s -> {
                    s.stallTimeout = Duration.ofMillis(500);
                    return s;
                });
        SessionRecord first = azure.awaitSession(1, WAIT);

        // When a response stalls
        call.say(Speech.utterance(500, 400));
        first.awaitServerEvent("response.created", WAIT);

        // Then the stalled socket is closed and a fresh session carries the call
        first.awaitClosed(WAIT);
        assertCallSurvivesOnSecondSession(call);
    }

    @Test
    void shouldBackOffAndRetryWhenTheHandshakeIsThrottled() throws Exception {
        // Given Azure refuses the first two handshakes with 429
        // with Retry-After: 1
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.HandshakeRejection(2, 429, 1))
                .build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.backoffMax = Duration.ofSeconds(2);
            s.retryBudget = Duration.ofSeconds(10);
            return s;
        });

        // When a call comes in
        TestGateway.Call call = gateway.call();

        // Then the third attempt sets the session up and the call works
        call.awaitReady();
        var handshakes = azure.handshakes();
        assertThat(handshakes).extracting(RealtimeSimulator.Handshake::status).containsExactly(429, 429, 101);
        assertThat(Duration.between(handshakes.get(0).at(), handshakes.get(1).at()))
                .as("the server's Retry-After was honoured")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        call.say(Speech.utterance(500, 400));
        azure.awaitSession(1, WAIT).awaitServerEvent("response.done", WAIT);
        RecordingCallLeg.await("the answer played", WAIT, () -> call.leg().frameCount() > 10);
    }

    @Test
    void shouldApologiseAndHangUpWhenAzureStaysUnavailable() throws Exception {
        // Given Azure refuses every handshake with 503, and a budget of 2 s
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.HandshakeRejection(1000, 503, 0))
                .build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.retryBudget = Duration.ofSeconds(2);
            return s;
        });

        // When a call comes in
        TestGateway.Call call = gateway.call();

        // Then tries go on for the whole budget, however many it takes, and only then does the caller
        // hear the whole apology and get hung up cleanly
        RecordingCallLeg.await(
                "hang-up", Duration.ofSeconds(20), () -> call.leg().hangUpReason() != null);
        assertThat(call.leg().hangUpReason()).isEqualTo(EndReason.AZURE_UNAVAILABLE);
        var handshakes = azure.handshakes();
        assertThat(handshakes).hasSizeGreaterThan(3);
        assertThat(Duration.between(
                        handshakes.get(0).at(),
                        handshakes.get(handshakes.size() - 1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1700));
        int apologyFrames = (int) (new java.io.File("src/main/resources/prompts/apology-8k.ulaw").length() / 160);
        assertThat(call.leg().frameCount()).isEqualTo(apologyFrames);
        assertThat(gateway.sessions.liveCount()).isZero();
    }
}
