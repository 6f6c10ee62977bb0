package dev.voicebridge.simulator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The validator itself: it accepts what the GA schemas allow and names what they do not. */
class RealtimeSchemasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldAcceptTheGaEventsOpenAiDocuments() {
        // Given OpenAI's reference examples of a client and a server event
        String truncate = "{\"event_id\":\"event_678\",\"type\":\"conversation.item.truncate\","
                + "\"item_id\":\"item_002\",\"content_index\":0,\"audio_end_ms\":1500}";
        String delta = "{\"event_id\":\"event_4950\",\"type\":\"response.output_audio.delta\","
                + "\"response_id\":\"resp_001\",\"item_id\":\"msg_008\",\"output_index\":0,"
                + "\"content_index\":0,\"delta\":\"Base64EncodedAudioDelta\"}";

        // When they are validated
        List<String> clientViolations = RealtimeSchemas.clientEvents().violations(truncate);
        List<String> serverViolations = RealtimeSchemas.serverEvents().violations(delta);

        // Then neither has a violation
        assertThat(clientViolations).isEmpty();
        assertThat(serverViolations).isEmpty();
    }

    @Test
    void shouldRejectAWrongFieldNamingTheEventThePointerAndTheProblem() {
        // Given a truncate whose audio_end_ms is a string
        String truncate = "{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_002\","
                + "\"content_index\":0,\"audio_end_ms\":\"1500\"}";

        // When it is validated as a client event
        List<String> violations = RealtimeSchemas.clientEvents().violations(truncate);

        // Then the one violation names the event type, the field's JSON pointer and what is wrong
        assertThat(violations)
                .singleElement()
                .asString()
                .startsWith("conversation.item.truncate /audio_end_ms: ")
                .contains("string found, integer expected")
                .contains("RealtimeClientEventConversationItemTruncate");
    }

    @Test
    void shouldRejectAServerEventMissingARequiredField() {
        // Given an audio delta without its delta
        String delta = "{\"event_id\":\"e1\",\"type\":\"response.output_audio.delta\",\"response_id\":\"r\","
                + "\"item_id\":\"i\",\"output_index\":0,\"content_index\":0}";

        // When it is validated as a server event
        List<String> violations = RealtimeSchemas.serverEvents().violations(delta);

        // Then the missing field is named
        assertThat(violations).singleElement().asString().contains("/: required property 'delta' not found");
    }

    @Test
    void shouldRejectAPreviewSessionUpdateOnTheGaContract() {
        // Given a session.update in the 2025-04-01-preview shape (flat fields, no session.type)
        String update = "{\"type\":\"session.update\",\"session\":{\"modalities\":[\"text\",\"audio\"],"
                + "\"input_audio_format\":\"g711_ulaw\",\"voice\":\"alloy\"}}";

        // When it is validated as a GA client event
        List<String> violations = RealtimeSchemas.clientEvents().violations(update);

        // Then the GA session's required type is missing
        assertThat(violations)
                .anyMatch(v ->
                        v.startsWith("session.update /session: ") && v.contains("required property 'type' not found"));
    }

    @Test
    void shouldReportAnEventTypeWithoutAPinnedGaSchema() {
        // Given a preview-protocol audio delta, and a server event sent as if it came from a client
        String previewDelta = "{\"event_id\":\"e1\",\"type\":\"response.audio.delta\",\"response_id\":\"r\","
                + "\"item_id\":\"i\",\"output_index\":0,\"content_index\":0,\"delta\":\"AAAA\"}";
        String serverEventFromClient = "{\"event_id\":\"e2\",\"type\":\"session.updated\",\"session\":{}}";

        // When they are validated
        List<String> delta = RealtimeSchemas.serverEvents().violations(previewDelta);
        List<String> fromClient = RealtimeSchemas.clientEvents().violations(serverEventFromClient);

        // Then each unknown type is a violation of its own
        assertThat(delta).singleElement().asString().startsWith("response.audio.delta /type: not a GA Realtime server");
        assertThat(fromClient).singleElement().asString().startsWith("session.updated /type: not a GA Realtime client");
        assertThat(RealtimeSchemas.clientEvents().violations("{\"event_id\":\"x\"}"))
                .singleElement()
                .asString()
                .startsWith("(no type)");
        assertThat(RealtimeSchemas.clientEvents().violations("not json"))
                .singleElement()
                .asString()
                .startsWith("(not JSON)");
    }

    @Test
    void shouldReportOnlyTheClosestAlternativeWhenAnItemMatchesNoKind() {
        // Given a user audio item whose transcript is null (the schema allows a string)
        String created = "{\"event_id\":\"e\",\"type\":\"conversation.item.created\",\"previous_item_id\":null,"
                + "\"item\":{\"id\":\"i\",\"object\":\"realtime.item\",\"type\":\"message\",\"status\":\"completed\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"transcript\":null}]}}";

        // When it is validated
        List<String> violations = RealtimeSchemas.serverEvents().violations(created);

        // Then the violation is the one against the user message kind, not one per other item kind
        assertThat(violations)
                .containsExactly("conversation.item.created /item/content/0/transcript: null found, string expected"
                        + " (RealtimeConversationItemMessageUser)");
    }

    @Test
    void shouldKnowTheEventTypesOfEachDirection() {
        // Given the pinned schemas
        // When the event types of each direction are listed
        // Then they are the GA client events the gateway sends and the GA server events the simulator sends
        assertThat(RealtimeSchemas.clientEvents().eventTypes())
                .containsExactlyInAnyOrder(
                        "session.update",
                        "input_audio_buffer.append",
                        "conversation.item.create",
                        "conversation.item.truncate",
                        "response.create",
                        "response.cancel");
        assertThat(RealtimeSchemas.serverEvents().eventTypes())
                .hasSize(26)
                .contains("session.created", "response.output_audio.delta", "error")
                .doesNotContain("response.audio.delta");
        assertThat(RealtimeSchemas.serverEvents().schemaName("response.output_audio.delta"))
                .isEqualTo("RealtimeServerEventResponseAudioDelta");
    }

    @Test
    void shouldRestoreTheAudioTheSessionRecordLeavesOut() {
        // Given an append and an audio delta as the session record keeps them
        JsonNode append = JSON.readTree("{\"type\":\"input_audio_buffer.append\",\"audio_bytes\":160}");
        JsonNode delta = JSON.readTree(
                "{\"event_id\":\"e\",\"type\":\"response.output_audio.delta\","
                        + "\"response_id\":\"r\",\"item_id\":\"i\",\"output_index\":0,\"content_index\":0,\"delta_bytes\":800}");

        // When they are restored to their wire form
        JsonNode sentAppend = RecordedEvents.asSent(append);
        JsonNode sentDelta = RecordedEvents.asSent(delta);

        // Then the audio is back as base64 of the recorded length, the count is gone, and both validate
        assertThat(Base64.getDecoder().decode(sentAppend.get("audio").asString()))
                .hasSize(160);
        assertThat(sentAppend.has("audio_bytes")).isFalse();
        assertThat(Base64.getDecoder().decode(sentDelta.get("delta").asString()))
                .hasSize(800);
        assertThat(RealtimeSchemas.clientEvents().violations(sentAppend)).isEmpty();
        assertThat(RealtimeSchemas.serverEvents().violations(sentDelta)).isEmpty();
        assertThat(RealtimeSchemas.serverEvents().violations(delta))
                .as("the record as it is lacks the delta")
                .isNotEmpty();
    }
}
