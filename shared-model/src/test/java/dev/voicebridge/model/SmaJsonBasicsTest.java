package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.Speak;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.event.InvocationEventType;
import dev.voicebridge.model.event.SmaEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SmaJsonBasicsTest {

    @Test
    void shouldWriteResponseInTheDocumentedWireShape() {
        // Given
        SmaResponse response = SmaResponse.of(
                        Speak.text("call-1", "Hello"),
                        CallAndBridge.toVoiceConnector(
                                "+12065550100",
                                "arn:aws:chime:us-east-1:123456789012:vc/abcdef",
                                "vb-1",
                                Map.of(BridgeHeaders.TRANSACTION_ID, "tx-1")))
                .withTransactionAttributes(Map.of("state", "bridging"));

        // When
        JsonNode json = SmaJson.mapper().readTree(SmaJson.write(response));

        // Then
        assertThat(json).isEqualTo(SmaJson.mapper().readTree("""
                {"SchemaVersion":"1.0","Actions":[
                  {"Type":"Speak","Parameters":{"CallId":"call-1","Text":"Hello"}},
                  {"Type":"CallAndBridge","Parameters":{"CallerIdNumber":"+12065550100",
                    "Endpoints":[{"BridgeEndpointType":"AWS","Arn":"arn:aws:chime:us-east-1:123456789012:vc/abcdef","Uri":"vb-1"}],
                    "SipHeaders":{"X-VoiceBridge-Transaction-Id":"tx-1"}}}],
                 "TransactionAttributes":{"state":"bridging"}}
                """));
    }

    @Test
    void shouldWriteEmptyActionsForEmptyResponse() {
        assertThat(SmaJson.write(SmaResponse.empty())).isEqualTo("{\"SchemaVersion\":\"1.0\",\"Actions\":[]}");
    }

    @Test
    void shouldReadInboundCallWithDocAliasesAndNumbersAsStrings() {
        // Given an event shaped like DG/case-1.html (SipApplicationId, Sequence as a string)
        String json = """
                {"SchemaVersion":"1.0","Sequence":"1","InvocationEventType":"NEW_INBOUND_CALL",
                 "CallDetails":{"TransactionId":"tx-1","AwsAccountId":"123456789012","AwsRegion":"us-east-1",
                   "SipRuleId":"rule","SipApplicationId":"sma-1","Participants":[{"CallId":"c-a",
                   "ParticipantTag":"LEG-A","To":"+12065550100","From":"+15105550101","Direction":"Inbound",
                   "StartTimeInMilliseconds":"159700958834234","Status":"Connected"}]},
                 "NewAwsField":{"x":1}}
                """;

        // When
        SmaEvent event = SmaJson.parseEvent(json);

        // Then
        assertThat(event.invocationEventType()).isEqualTo(InvocationEventType.NEW_INBOUND_CALL);
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(event.callDetails().sipMediaApplicationId()).isEqualTo("sma-1");
        assertThat(event.legA()).hasValueSatisfying(p -> {
            assertThat(p.callId()).isEqualTo("c-a");
            assertThat(p.startTimeInMilliseconds()).isEqualTo(159700958834234L);
        });
        assertThat(event.participant(ParticipantTag.LEG_B)).isEmpty();
        assertThat(event.unknownFields()).containsEntry("NewAwsField", Map.of("x", 1));
    }

    @Test
    void shouldRejectTooManyActionsNamingTheLimit() {
        Hangup[] eleven = new Hangup[11];
        java.util.Arrays.fill(eleven, Hangup.leg(ParticipantTag.LEG_A, 0));
        assertThatThrownBy(() -> SmaResponse.of(eleven))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Actions must be 0 to 10 entries, but was 11 entries");
    }

    @Test
    void shouldRoundTripGatewayCommands() {
        GatewayCommand command = new GatewayCommand.Speak("One moment", "Joanna", "en-US", false);
        assertThat(GatewayCommand.fromArguments(command.toArguments())).isEqualTo(command);
        assertThat(GatewayCommand.fromArguments(Map.of("command", "hangup", "sipResponseCode", "486")))
                .isEqualTo(new GatewayCommand.Hangup(486));
    }
}
