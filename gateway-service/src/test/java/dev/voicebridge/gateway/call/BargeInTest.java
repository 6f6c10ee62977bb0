package dev.voicebridge.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Barge-in against the simulator: flush, clear, truncate at what was played, late audio dropped. */
class BargeInTest {

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

    @Test
    void shouldFlushClearAndTruncateAtThePlayedMillisecondsWhenTheCallerInterrupts() throws Exception {
        // Given a call whose assistant is answering with a long echo, streamed a little faster than real time
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .speed(1.5)
                .maxResponse(Duration.ofSeconds(4))
                .build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);
        call.say(Speech.utterance(2500, 400));
        RecordingCallLeg.await(
                "half a second of the answer played", WAIT, () -> call.leg().frameCount() >= 25);

        // When the caller talks over it
        call.say(Speech.utterance(400, 400));

        // Then the leg was told to clear once, and the server was told exactly what the caller heard
        SessionRecord.Truncate truncate = session.awaitTruncate(WAIT);
        int clear = call.leg().indexOfFirst(RecordingCallLeg.Clear.class);
        assertThat(clear).isPositive();
        long heardFrames = call.leg().events().subList(0, clear).stream()
                .filter(RecordingCallLeg.Frame.class::isInstance)
                .count();
        assertThat(truncate.audioEndMs()).isEqualTo(heardFrames * 20);
        assertThat(truncate.accepted())
                .as("the simulator checks the offset against the audio it sent")
                .isTrue();
        assertThat(truncate.itemId())
                .isEqualTo(session.serverEvents("response.output_item.added")
                        .get(0)
                        .json()
                        .path("item")
                        .path("id")
                        .stringValue());
        assertThat(call.leg().count(RecordingCallLeg.Clear.class)).isEqualTo(1);
        assertThat(call.session().stats().bargeIns()).isEqualTo(1);

        // And the kept transcript holds only what the caller heard of the interrupted answer
        RecordingCallLeg.await(
                "assistant transcript",
                WAIT,
                () -> call.session().assistant().transcript().entries().stream()
                        .anyMatch(e -> e.role() == dev.voicebridge.gateway.realtime.Transcript.Role.ASSISTANT));
        var said = call.session().assistant().transcript().entries().stream()
                .filter(e -> e.role() == dev.voicebridge.gateway.realtime.Transcript.Role.ASSISTANT)
                .findFirst()
                .orElseThrow();
        assertThat(said.interrupted()).isTrue();
        assertThat(said.text())
                .endsWith("…")
                .isNotEqualTo("I heard you say something for 2.5 seconds, and here it is back.");

        // And after the clear the caller hears only the answer to the interruption, none of the old one
        SessionRecord.ServerEvent second = session.awaitServerEvent("response.done", 2, WAIT);
        String secondId = second.json().path("response").path("id").stringValue();
        long secondBytes = session.serverEvents("response.output_audio.delta").stream()
                .filter(e -> secondId.equals(e.json().path("response_id").stringValue()))
                .mapToLong(e -> e.json().path("delta_bytes").asLong())
                .sum();
        long secondFrames = (secondBytes + 159) / 160;
        RecordingCallLeg.await(
                "the second answer played", WAIT, () -> call.leg().frameCount() >= heardFrames + secondFrames);
        Thread.sleep(200); // guard: anything extra would have arrived by now
        List<RecordingCallLeg.Event> events = call.leg().events(); // one snapshot: the leg may still be written to
        List<RecordingCallLeg.Event> after = events.subList(clear, events.size());
        assertThat(after.stream()
                        .filter(RecordingCallLeg.Frame.class::isInstance)
                        .count())
                .isEqualTo(secondFrames);
        assertThat(call.leg().hangUpReason()).isNull();
    }

    @Test
    void shouldNotTruncateOrClearWhenTheCallerSpeaksWhileNothingIsPlaying() throws Exception {
        // Given a call where the assistant has not said anything yet
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the caller speaks first
        call.say(Speech.utterance(500, 400));
        session.awaitServerEvent("response.done", WAIT);
        session.awaitServerEvent("input_audio_buffer.speech_started", WAIT);

        // Then that is a turn, not an interruption: no clear, no truncate, no barge-in counted
        assertThat(session.clientEventTypes()).doesNotContain("conversation.item.truncate");
        assertThat(call.leg().count(RecordingCallLeg.Clear.class)).isZero();
        assertThat(call.session().stats().bargeIns()).isZero();
    }

    @Test
    void shouldTellTheModelWhichKeysTheCallerPressedAndAskItToAnswer() throws Exception {
        // Given a live call
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the caller keys in 4 2 #
        call.listener().onDtmf('4');
        call.listener().onDtmf('2');
        call.listener().onDtmf('#');

        // Then the model is told once, as a user text item, and answers
        SessionRecord.ClientEvent told = session.awaitClientEvent("conversation.item.create", WAIT);
        assertThat(told.json().path("item").path("content").get(0).path("text").stringValue())
                .isEqualTo("[The caller pressed on the keypad: 4 2 #]");
        session.awaitServerEvent("response.done", WAIT);
        assertThat(session.clientEvents("conversation.item.create")).hasSize(1);
        assertThat(session.clientEventTypes()).containsSubsequence("conversation.item.create", "response.create");
    }
}
