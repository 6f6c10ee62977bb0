package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * With {@code echoImmediately}, the simulator answers each append with its own audio at once, in one
 * long-lived response, so a client can measure its round trip without waiting for the VAD to end an
 * utterance. Real WebSocket on loopback, GA protocol, server VAD configured (and bypassed).
 */
class ImmediateEchoTest {

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

    private void connect() {
        simulator = RealtimeSimulator.start(
                SimulatorOptions.builder().echoImmediately(true).build());
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.await("session.created");
        client.sendFixture("ga-session-update-pcmu.json");
        client.await("session.updated");
    }

    @Test
    void shouldSendEachAppendsAudioStraightBackAsADeltaOfOneResponse() {
        // Given a µ-law session with server VAD, in immediate-echo mode
        connect();
        byte[] speech = Speech.ulawVoiced(200);

        // When the caller speaks, one 20 ms append at a time, each sent only once the previous one came back
        List<byte[]> frames = List.of(
                Arrays.copyOfRange(speech, 0, 160),
                Arrays.copyOfRange(speech, 160, 320),
                Arrays.copyOfRange(speech, 320, 480),
                Speech.ulawSilence(20));
        for (int i = 0; i < frames.size(); i++) {
            client.appendAudio(frames.get(i));
            JsonNode delta = client.await("response.output_audio.delta", i + 1);

            // Then each delta is that append's audio, byte for byte, without waiting for the utterance to end
            assertThat(Base64.getDecoder().decode(delta.get("delta").stringValue()))
                    .isEqualTo(frames.get(i));
        }
        // And every delta belongs to the one response opened by the first append, which is still going
        List<JsonNode> deltas = client.events("response.output_audio.delta");
        String responseId = client.await("response.created").at("/response/id").asString();
        assertThat(deltas)
                .allSatisfy(d -> assertThat(d.get("response_id").asString()).isEqualTo(responseId));
        assertThat(client.types())
                .containsSubsequence(
                        "response.created",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_audio.delta")
                .doesNotContain("input_audio_buffer.speech_started", "input_audio_buffer.committed", "response.done");
        SessionRecord session = simulator.awaitSession(1, java.time.Duration.ofSeconds(10));
        assertThat(session.audioBytesSent()).isEqualTo(4 * 160);
    }

    @Test
    void shouldEndTheEchoResponseOnCancelAndOpenAnotherWithTheNextAppend() {
        // Given an echo response that has carried one append
        connect();
        client.appendAudio(Speech.ulawVoiced(20));
        JsonNode first = client.await("response.output_audio.delta");

        // When the client cancels it and appends again
        client.send("{\"type\":\"response.cancel\"}");
        JsonNode done = client.await("response.done");
        client.appendAudio(Speech.ulawVoiced(20));
        JsonNode second = client.await("response.output_audio.delta", 2);

        // Then the first ended cancelled, and the next append's audio opened a new response
        assertThat(done.at("/response/status").asString()).isEqualTo("cancelled");
        assertThat(done.at("/response/id").asString())
                .isEqualTo(first.get("response_id").asString());
        assertThat(second.get("response_id").asString())
                .isNotEqualTo(first.get("response_id").asString());
        assertThat(client.events("response.created")).hasSize(2);
    }
}
