package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GaProtocolTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private RealtimeSimulator simulator;
    private RealtimeTestClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private RealtimeTestClient connectConfigured(SimulatorOptions options) {
        simulator = RealtimeSimulator.start(options);
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.await("session.created");
        client.sendFixture("ga-session-update-pcmu.json");
        client.await("session.updated");
        return client;
    }

    @Test
    void shouldOpenWithSessionCreatedCarryingExpiryAndEchoTheEffectiveConfig() {
        // Given a GA session
        simulator = RealtimeSimulator.start();
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());

        // When the client sends the GA session.update for µ-law both ways
        JsonNode created = client.await("session.created");
        client.sendFixture("ga-session-update-pcmu.json");
        JsonNode updated = client.await("session.updated").get("session");

        // Then session.created carries an expiry about 30 minutes out and the GA defaults
        long now = System.currentTimeMillis() / 1000;
        assertThat(created.at("/session/expires_at").asLong()).isBetween(now + 29 * 60, now + 31 * 60);
        assertThat(created.at("/session/type").asString()).isEqualTo("realtime");
        assertThat(created.at("/session/audio/input/format/type").asString()).isEqualTo("audio/pcm");
        assertThat(created.at("/session/audio/input/format/rate").asInt()).isEqualTo(24000);
        // And session.updated echoes what was asked for
        assertThat(updated.at("/audio/input/format/type").asString()).isEqualTo("audio/pcmu");
        assertThat(updated.at("/audio/output/format/type").asString()).isEqualTo("audio/pcmu");
        assertThat(updated.at("/audio/output/voice").asString()).isEqualTo("marin");
        assertThat(updated.at("/audio/input/turn_detection/silence_duration_ms").asInt())
                .isEqualTo(400);
        assertThat(updated.at("/audio/input/transcription/model").asString()).isEqualTo("whisper-1");
        assertThat(updated.at("/tools/0/name").asString()).isEqualTo("hang_up");
        assertThat(simulator.awaitSession(1, WAIT).config().outputFormat()).isEqualTo(WireFormat.PCMU);
    }

    @Test
    void shouldReplyInTextOnlyWhenOutputModalitiesAreTextAndInAudioAgainWhenSwitchedBack() {
        // Given a µ-law session switched to text-only replies, as an operator's copilot mode does
        connectConfigured(SimulatorOptions.defaults());
        client.send(
                "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\"]}}");
        JsonNode updated = client.await("session.updated", 2).get("session");
        byte[] caller = Speech.concat(Speech.ulawSilence(200), Speech.ulawVoiced(800), Speech.ulawSilence(600));

        // When the caller speaks a turn
        client.appendInFrames(caller, 160);
        JsonNode done = client.await("response.done");

        // Then the reply is text: output_text deltas and done, a text part, an output_text item, no audio
        assertThat(updated.at("/output_modalities/0").asString()).isEqualTo("text");
        assertThat(client.types())
                .containsSubsequence(
                        "response.created",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.done")
                .doesNotContain("response.output_audio.delta", "response.text.delta");
        String text = client.await("response.output_text.done").get("text").asString();
        assertThat(text).startsWith("I heard you say something");
        assertThat(client.await("response.content_part.done").at("/part/type").asString())
                .isEqualTo("text");
        assertThat(done.at("/response/output/0/content/0/type").asString()).isEqualTo("output_text");
        assertThat(done.at("/response/output/0/content/0/text").asString()).isEqualTo(text);

        // When the session is switched back to audio and the caller speaks again
        client.send(
                "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"audio\"]}}");
        client.await("session.updated", 3);
        client.appendInFrames(caller, 160);
        client.await("response.done", 2);

        // Then the reply is audio again
        assertThat(client.events("response.output_audio.delta")).isNotEmpty();
    }

    @Test
    void shouldRefuseOutputModalitiesAskingForTextAndAudioTogether() {
        // Given a session / When the client asks for both modalities, which GA does not allow
        connectConfigured(SimulatorOptions.defaults());
        client.send(
                "{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"output_modalities\":[\"text\",\"audio\"]}}");

        // Then the server answers an invalid_value error naming the parameter
        JsonNode error = client.await("error");
        assertThat(error.at("/error/code").asString()).isEqualTo("invalid_value");
        assertThat(error.at("/error/param").asString()).isEqualTo("session.output_modalities");
    }

    @Test
    void shouldTurnCallerSpeechIntoATurnAndAnEchoedResponse() {
        // Given a µ-law session with server VAD (400 ms silence)
        connectConfigured(SimulatorOptions.defaults());
        byte[] caller = Speech.concat(Speech.ulawSilence(400), Speech.ulawVoiced(1000), Speech.ulawSilence(600));

        // When the caller speaks for a second, then goes quiet, in 20 ms appends
        client.appendInFrames(caller, 160);
        JsonNode done = client.await("response.done");

        // Then the server events come in Azure's order
        List<String> types = client.types();
        assertThat(types)
                .containsSubsequence(
                        "input_audio_buffer.speech_started",
                        "input_audio_buffer.speech_stopped",
                        "input_audio_buffer.committed",
                        "conversation.item.created",
                        "response.created",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_audio.delta",
                        "response.output_audio_transcript.delta",
                        "response.output_audio.done",
                        "response.output_audio_transcript.done",
                        "response.output_item.done",
                        "response.done");
        assertThat(types).doesNotContain("response.audio.delta");
        // And VAD positions are in session audio time, speech_started including the prefix padding
        JsonNode started = client.await("input_audio_buffer.speech_started");
        assertThat(started.get("audio_start_ms").asLong()).isBetween(100L, 140L);
        assertThat(client.await("input_audio_buffer.speech_stopped")
                        .get("audio_end_ms")
                        .asLong())
                .isBetween(1780L, 1840L);
        // And the response is the caller's utterance echoed in µ-law, with usage
        assertThat(done.at("/response/status").asString()).isEqualTo("completed");
        assertThat(done.at("/response/usage/output_token_details/audio_tokens").asInt())
                .isPositive();
        byte[] heard = client.audioReceived("response.output_audio.delta");
        assertThat(heard.length).isBetween(1500 * 8, 1800 * 8);
        assertThat(client.events("response.output_audio.delta")).hasSizeGreaterThan(10);
        // And the simulator recorded exactly what went each way
        SessionRecord session = simulator.awaitSession(1, WAIT);
        assertThat(session.inputAudio()).isEqualTo(caller);
        assertThat(session.audioBytesSent()).isEqualTo(heard.length);
        assertThat(client.await("conversation.item.input_audio_transcription.completed")
                        .get("transcript")
                        .asString())
                .startsWith("Caller utterance 1");
    }

    @Test
    void shouldCancelTheResponseWhenTheCallerBargesInAndAcceptATruncateWithinItsAudio() {
        // Given a response streamed in real time, so it is still going when the caller speaks again
        connectConfigured(SimulatorOptions.builder().speed(1.0).build());
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(1500), Speech.ulawSilence(500)), 160);
        JsonNode firstDelta = client.await("response.output_audio.delta");

        // When the caller talks over it
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(400), Speech.ulawSilence(100)), 160);
        JsonNode done = client.await("response.done");

        // Then the response ends cancelled because a turn was detected
        assertThat(done.at("/response/status").asString()).isEqualTo("cancelled");
        assertThat(done.at("/response/status_details/reason").asString()).isEqualTo("turn_detected");
        assertThat(client.types())
                .containsSubsequence(
                        "input_audio_buffer.speech_started", "response.output_audio.done", "response.done");
        // And a truncate at what was played is accepted
        String itemId = firstDelta.get("item_id").asString();
        client.send(RealtimeTestClient.fixture("truncate.json").formatted(itemId, 100));
        JsonNode truncated = client.await("conversation.item.truncated");
        assertThat(truncated.get("audio_end_ms").asLong()).isEqualTo(100);
        assertThat(simulator.awaitSession(1, WAIT).truncates())
                .containsExactly(new SessionRecord.Truncate(itemId, 0, 100, true, null));
    }

    @Test
    void shouldRejectATruncateBeyondTheAudioSentTheWayAzureDoes() {
        // Given a completed response of known length
        connectConfigured(SimulatorOptions.defaults());
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(600), Speech.ulawSilence(500)), 160);
        JsonNode delta = client.await("response.output_audio.delta");
        client.await("response.done");
        long audioMs = client.audioReceived("response.output_audio.delta").length / 8;

        // When the client truncates past its end, and truncates a user item
        String itemId = delta.get("item_id").asString();
        client.send(RealtimeTestClient.fixture("truncate.json").formatted(itemId, audioMs + 500));
        JsonNode error = client.await("error");
        String userItem =
                client.await("input_audio_buffer.committed").get("item_id").asString();
        client.send(RealtimeTestClient.fixture("truncate.json").formatted(userItem, 10));
        JsonNode second = client.await("error", 2);

        // Then both are refused with Azure's codes and messages, and the session stays open
        assertThat(error.at("/error/code").asString()).isEqualTo("invalid_value");
        assertThat(error.at("/error/message").asString())
                .isEqualTo("Audio content of " + audioMs + "ms is already shorter than " + (audioMs + 500) + "ms");
        assertThat(second.at("/error/code").asString()).isEqualTo("unsupported_content_type");
        SessionRecord session = simulator.awaitSession(1, WAIT);
        assertThat(session.truncates())
                .extracting(SessionRecord.Truncate::accepted)
                .containsExactly(false, false);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void shouldCallAToolOnCueAndSpeakAfterTheFunctionOutput() {
        // Given the model calls hang_up on its first turn
        connectConfigured(SimulatorOptions.builder()
                .toolCall(1, "hang_up", "{\"reason\":\"done\"}")
                .build());
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(500), Speech.ulawSilence(500)), 160);

        // When the tool call arrives and the client answers it
        JsonNode call = client.await("response.function_call_arguments.done");
        assertThat(client.await("response.done").at("/response/output/0/type").asString())
                .isEqualTo("function_call");
        client.send(RealtimeTestClient.fixture("function-call-output.json").formatted("call_unknown"));
        JsonNode unknown = client.await("error");
        client.send(RealtimeTestClient.fixture("function-call-output.json")
                .formatted(call.get("call_id").asString()));
        client.send("{\"type\":\"response.create\"}");

        // Then the call carries the cued name and arguments, an unknown call_id is refused,
        // and the next response speaks
        assertThat(call.get("name").asString()).isEqualTo("hang_up");
        assertThat(call.get("arguments").asString()).isEqualTo("{\"reason\":\"done\"}");
        assertThat(unknown.at("/error/param").asString()).isEqualTo("item.call_id");
        JsonNode second = client.await("response.done", 2);
        assertThat(second.at("/response/status").asString()).isEqualTo("completed");
        assertThat(client.events("response.output_audio.delta")).isNotEmpty();
    }

    @Test
    void shouldHonourManualTurnsWithCommitAndResponseCreate() {
        // Given turn detection off and A-law both ways
        simulator = RealtimeSimulator.start();
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.sendFixture("ga-session-update-manual-turns.json");
        assertThat(client.await("session.updated")
                        .at("/session/audio/input/turn_detection")
                        .isNull())
                .isTrue();

        // When the client commits nothing, cancels nothing, then speaks, commits and asks for a response twice
        client.send("{\"type\":\"input_audio_buffer.commit\"}");
        client.send("{\"type\":\"response.cancel\"}");
        client.appendInFrames(WireFormat.PCMA.encode(Speech.voiced(800, 8000)), 160);
        client.send("{\"type\":\"input_audio_buffer.commit\"}");
        client.send("{\"type\":\"response.create\"}");
        client.send("{\"type\":\"response.create\"}");
        client.await("response.done");

        // Then VAD stayed quiet, the empty commit and idle cancel were refused, the second create was refused
        assertThat(client.types()).doesNotContain("input_audio_buffer.speech_started");
        assertThat(client.events("error"))
                .extracting(e -> e.at("/error/code").asString())
                .containsExactly(
                        "input_audio_buffer_commit_empty",
                        "response_cancel_not_active",
                        "conversation_already_has_active_response");
        // And the response echoes the 800 ms of A-law
        assertThat(client.audioReceived("response.output_audio.delta")).hasSize(800 * 8);
    }
}
