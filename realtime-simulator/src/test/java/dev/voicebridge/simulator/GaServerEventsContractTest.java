package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.contract.KnownDeviations;
import dev.voicebridge.simulator.contract.RealtimeSchemas;
import dev.voicebridge.simulator.contract.RecordedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every server event the simulator sends on the GA protocol, checked against OpenAI's published GA
 * schemas (the pinned copy in {@code dev.voicebridge.simulator.contract}). One session goes through
 * everything the simulator can say: set-up, VAD, an echo with audio and transcript deltas, input
 * transcription, a barge-in, a truncate, a buffer clear, a tool call, a scripted error with a failed
 * response, a client cancel, an item delete and a refused item.
 */
class GaServerEventsContractTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RealtimeSchemas SERVER = RealtimeSchemas.serverEvents();

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
    void shouldSendOnlyServerEventsTheGaSchemasAllowApartFromTheKnownDeviations() {
        // Given a GA session whose third response is a tool call and whose fourth fails with a server
        // error, streamed in real time so that the caller can talk over the first answer
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .speed(1.0)
                .toolCall(3, "hang_up", "{\"reason\":\"done\"}")
                .fault(new Fault.ErrorEvent(
                        1, 4, "server_error", "server_error", "The server had an error while processing.", true))
                .build());
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.await("session.created");
        client.sendFixture("ga-session-update-pcmu.json");
        client.await("session.updated");

        // When the caller speaks, talks over the echo, and the client truncates what was played
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(1000), Speech.ulawSilence(500)), 160);
        JsonNode firstDelta = client.await("response.output_audio.delta");
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(400), Speech.ulawSilence(500)), 160);
        client.await("response.done");
        client.send(RealtimeTestClient.fixture("truncate.json")
                .formatted(firstDelta.get("item_id").asString(), 100));
        client.await("conversation.item.truncated");
        client.await("response.done", 2);
        // And clears the input buffer, speaks again, gets a tool call and answers it
        client.send("{\"type\":\"input_audio_buffer.clear\"}");
        client.await("input_audio_buffer.cleared");
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(500), Speech.ulawSilence(500)), 160);
        JsonNode call = client.await("response.function_call_arguments.done");
        client.await("response.done", 3);
        client.send(RealtimeTestClient.fixture("function-call-output.json")
                .formatted(call.get("call_id").asString()));
        client.send("{\"type\":\"response.create\"}");
        client.await("response.done", 4);
        // And asks for another response and cancels it as soon as it speaks
        int deltasSoFar = client.events("response.output_audio.delta").size();
        client.send("{\"type\":\"response.create\"}");
        client.await("response.output_audio.delta", deltasSoFar + 1);
        client.send("{\"type\":\"response.cancel\"}");
        client.await("response.done", 5);
        // And deletes the tool call and answers a call that does not exist
        client.send("{\"type\":\"conversation.item.delete\",\"item_id\":\""
                + call.get("item_id").asString() + "\"}");
        client.await("conversation.item.deleted");
        client.send(RealtimeTestClient.fixture("function-call-output.json").formatted("call_unknown"));
        client.await("error", 2);

        // Then the session showed every kind of GA server event the simulator has
        List<JsonNode> events = client.events();
        assertThat(new TreeSet<>(client.types())).containsAll(SERVER.eventTypes());
        // And the responses ended in every way a response can: cancelled twice, completed, failed
        assertThat(client.events("response.done"))
                .extracting(e -> e.at("/response/status").asString())
                .containsExactly("cancelled", "completed", "completed", "failed", "cancelled");
        // And every event validates against its GA schema, apart from the known deviations
        List<String> violations = new ArrayList<>();
        events.forEach(e -> violations.addAll(SERVER.violations(e)));
        assertThat(KnownDeviations.unexplained(violations, KnownDeviations.SIMULATOR_SERVER_EVENTS))
                .as("violations of the GA server event schemas that no known deviation explains")
                .isEmpty();
        assertThat(KnownDeviations.unused(violations, KnownDeviations.SIMULATOR_SERVER_EVENTS))
                .as("known deviations the simulator no longer shows (drop them from KnownDeviations)")
                .isEmpty();
        // And the simulator's record of those events, restored to their wire form, says the same
        List<String> recorded = new ArrayList<>();
        simulator.awaitSession(1, WAIT).serverEvents().stream()
                .map(e -> RecordedEvents.asSent(e.json()))
                .forEach(e -> recorded.addAll(SERVER.violations(e)));
        assertThat(new TreeSet<>(recorded)).isEqualTo(new TreeSet<>(violations));
    }

    @Test
    void shouldSendContentPartsOfTypeAudioAsTheGaSchemaNamesThem() {
        // Given a GA session
        simulator = RealtimeSimulator.start();
        client = RealtimeTestClient.withApiKey(simulator.gaUri(), simulator.apiKey());
        client.sendFixture("ga-session-update-pcmu.json");
        client.await("session.updated");

        // When the caller speaks and the echo completes
        client.appendInFrames(Speech.concat(Speech.ulawVoiced(500), Speech.ulawSilence(500)), 160);
        client.await("response.done");

        // Then the content part events say audio, while the item itself keeps GA's output_audio
        assertThat(client.await("response.content_part.added").at("/part/type").asString())
                .isEqualTo("audio");
        assertThat(client.await("response.content_part.done").at("/part/type").asString())
                .isEqualTo("audio");
        assertThat(client.await("response.output_item.done")
                        .at("/item/content/0/type")
                        .asString())
                .isEqualTo("output_audio");
        assertThat(SERVER.violations(client.await("response.content_part.done")))
                .isEmpty();
    }
}
