package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PreviewProtocolTest {

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

    @Test
    void shouldSpeakThePreviewProtocolWithFlatSessionFieldsAndPreviewEventNames() {
        // Given a session on the preview path
        simulator = RealtimeSimulator.start();
        client = RealtimeTestClient.withApiKey(simulator.previewUri(), simulator.apiKey());
        JsonNode created = client.await("session.created").get("session");

        // When the client configures g711_ulaw and speaks
        client.sendFixture("preview-session-update-g711.json");
        JsonNode updated = client.await("session.updated").get("session");
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(700), Speech.ulawSilence(500)), 160);
        JsonNode done = client.await("response.done");

        // Then the session shapes are the flat preview ones
        assertThat(created.has("type")).isFalse();
        assertThat(created.get("input_audio_format").asString()).isEqualTo("pcm16");
        assertThat(created.get("expires_at").asLong()).isPositive();
        assertThat(updated.get("input_audio_format").asString()).isEqualTo("g711_ulaw");
        assertThat(updated.get("output_audio_format").asString()).isEqualTo("g711_ulaw");
        assertThat(updated.at("/turn_detection/silence_duration_ms").asInt()).isEqualTo(400);
        // And the events carry preview names, never GA ones
        assertThat(client.types())
                .contains(
                        "response.audio.delta",
                        "response.audio_transcript.delta",
                        "response.audio.done",
                        "response.audio_transcript.done")
                .doesNotContain("response.output_audio.delta", "conversation.item.added");
        assertThat(done.at("/response/output/0/content/0/type").asString()).isEqualTo("audio");
        assertThat(client.audioReceived("response.audio.delta")).isNotEmpty();
        assertThat(simulator.awaitSession(1, Duration.ofSeconds(5)).protocol()).isEqualTo(Protocol.PREVIEW);
    }

    @Test
    void shouldRejectAGaSessionUpdateOnThePreviewPathWithUnknownParameter() {
        // Given a preview session
        simulator = RealtimeSimulator.start();
        client = RealtimeTestClient.withApiKey(simulator.previewUri(), simulator.apiKey());
        client.await("session.created");

        // When the client sends the GA shape
        client.sendFixture("ga-session-update-pcmu.json");
        JsonNode error = client.await("error").get("error");

        // Then Azure's error names the first GA-only field, echoes the client event id, and nothing changed
        assertThat(error.get("code").asString()).isEqualTo("unknown_parameter");
        assertThat(error.get("message").asString()).isEqualTo("Unknown parameter: 'session.type'.");
        assertThat(error.get("event_id").asString()).isEqualTo("evt_client_1");
        assertThat(client.types()).doesNotContain("session.updated");
        assertThat(simulator.awaitSession(1, Duration.ofSeconds(5)).config().inputFormat())
                .isEqualTo(WireFormat.PCM16);
    }

    @Test
    void shouldRejectAPreviewSessionUpdateOnTheGaPath() {
        // Given a GA session
        simulator = RealtimeSimulator.start();
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.await("session.created");

        // When the client sends the flat preview shape, then a GA pcm format without its rate
        client.sendFixture("preview-session-update-g711.json");
        client.sendFixture("ga-session-update-pcm-without-rate.json");

        // Then both are refused
        JsonNode first = client.await("error").get("error");
        assertThat(first.get("code").asString()).isEqualTo("unknown_parameter");
        assertThat(first.get("message").asString()).startsWith("Unknown parameter: 'session.");
        JsonNode second = client.await("error", 2).get("error");
        assertThat(second.get("code").asString()).isEqualTo("missing_required_parameter");
        assertThat(second.get("param").asString()).isEqualTo("session.audio.output.format.rate");
        assertThat(client.types()).doesNotContain("session.updated");
    }
}
