package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.Pause;
import dev.voicebridge.model.action.Speak;
import dev.voicebridge.model.error.SmaParseException;
import dev.voicebridge.model.error.SmaValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SmaResponseTest {

    private static final String VC_ARN = "arn:aws:chime:us-east-1:123456789012:vc/abcdefg1hijklm2nopq3rs";

    @Test
    void shouldBuildTheBridgeResponseAHandlerReturnsOnANewCall() {
        // Given
        CallAndBridge bridge = CallAndBridge.toVoiceConnector(
                "+15105550101",
                VC_ARN,
                "vb-4f1c",
                Map.of(BridgeHeaders.TRANSACTION_ID, "tx-1", BridgeHeaders.SMA_ID, "sma-1"));

        // When
        String json = SmaJson.write(SmaResponse.of(bridge).withTransactionAttributes(Map.of("state", "bridging")));

        // Then
        assertThat(Fixtures.tree(json)).isEqualTo(Fixtures.tree("""
                {"SchemaVersion":"1.0","Actions":[{"Type":"CallAndBridge","Parameters":{
                   "CallerIdNumber":"+15105550101",
                   "Endpoints":[{"BridgeEndpointType":"AWS","Arn":"%s","Uri":"vb-4f1c"}],
                   "SipHeaders":{"X-VoiceBridge-Transaction-Id":"tx-1","X-VoiceBridge-Sma-Id":"sma-1"}}}],
                 "TransactionAttributes":{"state":"bridging"}}
                """.formatted(VC_ARN)));
        assertThat(json).startsWith("{\"SchemaVersion\":\"1.0\",\"Actions\":[");
    }

    @Test
    void shouldWriteTheSameJsonWithAnyJacksonMapper() {
        // Spring Cloud Function writes the handler's return value with its own mapper
        SmaResponse response = SmaResponse.of(Speak.text("c1", "Hi"), Hangup.leg(ParticipantTag.LEG_A, 0))
                .withTransactionAttributes(Map.of("k", "v"));
        JsonMapper plain = JsonMapper.builder().build();

        assertThat(plain.readTree(plain.writeValueAsString(response)))
                .isEqualTo(Fixtures.tree(SmaJson.write(response)));
        assertThat(plain.readValue(SmaJson.write(response), SmaResponse.class)).isEqualTo(response);
    }

    @Test
    void shouldReadBackAWrittenResponse() {
        SmaResponse response = SmaResponse.of(Pause.millis("c1", 500)).plus(Speak.text("c1", "Still there?"));

        assertThat(SmaJson.parseResponse(SmaJson.write(response))).isEqualTo(response);
    }

    @Test
    void shouldWriteAnEmptyActionListAndOmitAbsentAttributes() {
        assertThat(SmaJson.write(SmaResponse.empty())).isEqualTo("{\"SchemaVersion\":\"1.0\",\"Actions\":[]}");
    }

    @Test
    void shouldWriteEmptyAttributesBecauseThatClearsThem() {
        assertThat(Fixtures.tree(SmaJson.write(SmaResponse.empty().withTransactionAttributes(Map.of())))
                        .get("TransactionAttributes"))
                .isEmpty();
    }

    @Test
    void shouldAcceptTenActionsAndRejectTheEleventh() {
        SmaResponse ten = SmaResponse.of(java.util.Collections.nCopies(10, Pause.millis("c1", 100)));

        assertThatThrownBy(() -> ten.plus(Pause.millis("c1", 100)))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Actions must be 0 to 10 entries, but was 11 entries");
    }

    @Test
    void shouldRejectMoreThanTenTransactionAttributes() {
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("k" + i, "v");
        }

        assertThatThrownBy(() -> SmaResponse.empty().withTransactionAttributes(eleven))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("TransactionAttributes must be at most 10 keys, but was 11 keys");
    }

    @Test
    void shouldRejectTransactionAttributesOverTwentyKilobytes() {
        Map<String, String> big = Map.of("a", "x".repeat(20 * 1024));

        assertThatThrownBy(() -> SmaResponse.empty().withTransactionAttributes(big))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage(
                        "TransactionAttributes must be at most 20480 bytes of keys and values, but was 20481 bytes");
    }

    @Test
    void shouldRejectANullAttributeValue() {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("state", null);

        assertThatThrownBy(() -> SmaResponse.empty().withTransactionAttributes(withNull))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage(
                        "TransactionAttributes.state must be present (null values are not allowed), but was absent");
    }

    @Test
    void shouldRejectAnotherSchemaVersionAndANullAction() {
        assertThatThrownBy(() -> new SmaResponse("2.0", List.of(), null))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("SchemaVersion must be \"1.0\", but was \"2.0\"");
        assertThatThrownBy(() -> SmaResponse.of(Pause.millis("c1", 1), null))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Actions[1] must be present, but was absent");
    }

    @Test
    void shouldNotLetCallersChangeAResponseAfterwards() {
        List<dev.voicebridge.model.action.SmaAction> actions =
                new java.util.ArrayList<>(List.of(Pause.millis("c1", 1)));
        SmaResponse response = SmaResponse.of(actions);

        actions.add(Pause.millis("c1", 2));

        assertThat(response.actions()).hasSize(1);
        assertThatThrownBy(() -> response.actions().add(Pause.millis("c1", 3)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectAResponseWithAnInvalidActionWhenReadStrictly() {
        String json = """
                {"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"SipResponseCode":503}}]}
                """;

        assertThatThrownBy(() -> SmaJson.parseResponse(json))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Hangup.SipResponseCode must be one of 0, 480, 486, but was 503");
    }

    @Test
    void shouldRejectMalformedResponseJsonAsParseError() {
        assertThatThrownBy(() -> SmaJson.parseResponse("{\"SchemaVersion\":\"1.0\",\"Actions\":[{\"Parameters\":{}}]}"))
                .isInstanceOf(SmaParseException.class)
                .hasMessageContaining("Type");
    }
}
