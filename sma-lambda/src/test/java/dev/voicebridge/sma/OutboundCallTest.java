package dev.voicebridge.sma;

import static dev.voicebridge.sma.testing.SmaCall.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.voicebridge.sma.support.CallToken;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.LogCapture;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Outbound calls placed with CreateSipMediaApplicationCall, in gateway mode: bridged to the gateway on answer. */
class OutboundCallTest {

    private static final String LEG_A = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    private static SmaLambda lambda;

    @BeforeAll
    static void startLambda() {
        lambda = SmaLambda.start(SmaLambda.gatewayEnv());
    }

    @Test
    void shouldWaitWhileDialingAndRingingThenBridgeToTheGatewayWhenAnswered() {
        // Given an outbound call placed by CreateSipMediaApplicationCall
        SmaCall call = new SmaCall(lambda, "outbound-gateway");

        // When the SMA reports the new outbound call and the ringing
        JsonNode placed = call.send("new-outbound-call");
        JsonNode ringing = call.send("ringing");

        // Then there is nothing to do yet
        assertThat(placed.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(ringing.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbPhase")).isEqualTo("DIALING");

        // And when the called party answers
        JsonNode answered = call.send("call-answered");

        // Then the call is bridged to the gateway, with this account's number as caller id and the called
        // party's number as the PSTN party for the gateway
        assertThat(answered.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"CallAndBridge","Parameters":{
                   "CallTimeoutSeconds":30,
                   "CallerIdNumber":"+12065550100",
                   "Endpoints":[{"BridgeEndpointType":"AWS","Arn":"%s","Uri":"%s"}],
                   "SipHeaders":{"X-VoiceBridge-Transaction-Id":"%s","X-VoiceBridge-Caller":"+14155550199",
                                 "X-VoiceBridge-Sma-Id":"a1b2c3d4-e5f6-4789-8abc-def012345678"}}}]
                """.formatted(
                        SmaLambda.GATEWAY_VC, CallToken.of(call.transactionId()), call.transactionId())));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGING");
    }

    @Test
    void shouldBridgeACallPlacedThroughTheCallsApiWithItsIdAndProfileInTheHeaders() {
        // Given a call placed by the gateway's POST /api/calls, whose ArgumentsMap names a profile
        SmaCall call = new SmaCall(lambda, "outbound-api");

        // When the SMA reports it, it rings, and the called party answers
        List<String> logged;
        try (LogCapture logs = LogCapture.start()) {
            call.send("new-outbound-call-placed-by-api");
            logged = logs.events().stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
        call.send("ringing");
        JsonNode answered = call.send("call-answered");

        // Then the bridge to the gateway carries the call's id (the TransactionId the API answered with)
        // and the profile, which the SMA does not repeat after NEW_OUTBOUND_CALL
        assertThat(answered.at("/Actions/0/Parameters/SipHeaders"))
                .isEqualTo(Json.parse("""
                {"X-VoiceBridge-Transaction-Id":"%s","X-VoiceBridge-Caller":"+14155550199",
                 "X-VoiceBridge-Sma-Id":"a1b2c3d4-e5f6-4789-8abc-def012345678","X-VoiceBridge-Profile":"sales"}""".formatted(call.transactionId())));
    }

    @Test
    void shouldLeaveOutAProfileArgumentThatIsNotAName() {
        // Given a call whose ArgumentsMap carries something that is not a profile name
        SmaCall call = new SmaCall(lambda, "outbound-bad-profile");

        // When it is placed and answered
        call.send("new-outbound-call", arguments(Map.of("vbProfile", "sales\r\nX-Evil: 1")));
        JsonNode answered = call.send("call-answered");

        // Then no profile header reaches the gateway
        assertThat(answered.at("/Actions/0/Parameters/SipHeaders").has("X-VoiceBridge-Profile"))
                .isFalse();
    }

    @Test
    void shouldKeepTheOutboundCallUpOnceTheGatewayAnswersAndEndBothLegsOnHangup() {
        // Given an answered outbound call bridged to the gateway
        SmaCall call = new SmaCall(lambda, "outbound-bridged");
        call.send("new-outbound-call");
        call.send("call-answered");
        JsonNode bridged = call.send(
                "action-successful-call-and-bridge",
                e -> e.withObject("CallDetails").set("Participants", Json.parse("""
                        [{"CallId":"%s","ParticipantTag":"LEG-A","To":"+14155550199","From":"+12065550100",
                          "Direction":"Outbound","StartTimeInMilliseconds":"1700000100000","Status":"Connected"},
                         {"CallId":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","ParticipantTag":"LEG-B","To":"x",
                          "From":"+12065550100","Direction":"Outbound","StartTimeInMilliseconds":"1700000101000",
                          "Status":"Connected"}]""".formatted(LEG_A))));

        // When the called party hangs up
        JsonNode hangup = call.send(
                "hangup-leg-a", e -> e.withObject("CallDetails").set("Participants", Json.parse("""
                [{"CallId":"%s","ParticipantTag":"LEG-A","To":"+14155550199","From":"+12065550100",
                  "Direction":"Outbound","StartTimeInMilliseconds":"1700000100000","Status":"Disconnected"},
                 {"CallId":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","ParticipantTag":"LEG-B","To":"x",
                  "From":"+12065550100","Direction":"Outbound","StartTimeInMilliseconds":"1700000101000",
                  "Status":"Connected"}]""".formatted(LEG_A))));

        // Then the bridged call was kept up with no actions, and the gateway leg is hung up
        assertThat(bridged.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(hangup.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","SipResponseCode":0}}]"""));
    }

    @Test
    void shouldKeepUnrelatedOutboundArgumentsOutOfTheCallsAttributes() {
        // Given an outbound call whose ArgumentsMap carries only a campaign name
        SmaCall call = new SmaCall(lambda, "outbound-args");

        // When the SMA reports it
        call.send("new-outbound-call", arguments(Map.of("campaign", "renewals")));

        // Then only this Lambda's own state is stored
        assertThat(call.storedAttributes()).isEqualTo(Json.parse("""
                {"vbPhase":"DIALING"}"""));
    }
}
