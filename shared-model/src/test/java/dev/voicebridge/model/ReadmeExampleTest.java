package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The usage example of the module README, kept compiling and true. */
class ReadmeExampleTest {

    private static byte[] handle(byte[] inputBytes, String gatewayVcArn, String shortId) {
        SmaEvent event = SmaJson.parseEvent(inputBytes); // throws only SmaParseException
        String caller = event.legA().map(Participant::from).orElseThrow();
        SmaResponse response = switch (event.invocationEventType()) {
            case NEW_INBOUND_CALL ->
                SmaResponse.of(CallAndBridge.toVoiceConnector(
                                caller,
                                gatewayVcArn,
                                "vb-" + shortId,
                                Map.of(BridgeHeaders.TRANSACTION_ID, event.transactionId())))
                        .withTransactionAttributes(Map.of("state", "bridging"));
            case HANGUP -> SmaResponse.of(Hangup.leg(ParticipantTag.LEG_A, 0));
            default -> SmaResponse.empty(); // {"SchemaVersion":"1.0","Actions":[]}
        };
        return SmaJson.writeBytes(response);
    }

    @Test
    void shouldBridgeANewCallToTheGatewayAsTheReadmeShows() {
        byte[] input = Fixtures.read("events/new-inbound-call.json").getBytes(StandardCharsets.UTF_8);

        String out =
                new String(handle(input, "arn:aws:chime:us-east-1:123456789012:vc/gw", "4f1c"), StandardCharsets.UTF_8);

        assertThat(Fixtures.tree(out)).isEqualTo(Fixtures.tree("""
                {"SchemaVersion":"1.0","Actions":[{"Type":"CallAndBridge","Parameters":{"CallerIdNumber":"+15105550101",
                  "Endpoints":[{"BridgeEndpointType":"AWS","Arn":"arn:aws:chime:us-east-1:123456789012:vc/gw","Uri":"vb-4f1c"}],
                  "SipHeaders":{"X-VoiceBridge-Transaction-Id":"tx-7a1b2c3d"}}}],
                 "TransactionAttributes":{"state":"bridging"}}
                """));
    }
}
