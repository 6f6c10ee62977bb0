package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.sma.support.CallToken;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Gateway mode, inbound: answer, bridge, keep alive, retry, end both legs once; through the real FunctionInvoker. */
class GatewayInboundFlowTest {

    private static final String LEG_A = "6c1e2f3a-4b5c-4d6e-8f70-819203a4b5c6";
    private static final String LEG_B = "9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a";
    private static final String SMA_ID = "a1b2c3d4-e5f6-4789-8abc-def012345678";
    private static SmaLambda lambda;

    @BeforeAll
    static void startLambda() {
        lambda = SmaLambda.start(SmaLambda.gatewayEnv());
    }

    @Test
    void shouldBridgeNewInboundCallToGatewayVoiceConnectorWithCallTokenAndCorrelationHeaders() {
        // Given a caller reaching the SMA
        SmaCall call = new SmaCall(lambda, "bridge-new-call");

        // When the SMA reports the new inbound call
        JsonNode response = call.send("new-inbound-call");

        // Then the Lambda bridges it to the gateway's Voice Connector and nothing else
        assertThat(response.get("SchemaVersion").asString()).isEqualTo("1.0");
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"CallAndBridge","Parameters":{
                   "CallTimeoutSeconds":30,
                   "CallerIdNumber":"+15105550101",
                   "Endpoints":[{"BridgeEndpointType":"AWS","Arn":"%s","Uri":"%s"}],
                   "SipHeaders":{"X-VoiceBridge-Transaction-Id":"%s","X-VoiceBridge-Caller":"+15105550101",
                                 "X-VoiceBridge-Sma-Id":"%s","X-VoiceBridge-Called-Number":"+12065550100"}}}]
                """.formatted(
                        SmaLambda.GATEWAY_VC, CallToken.of(call.transactionId()), call.transactionId(), SMA_ID)));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGING");
        assertThat(call.attribute("vbAttempt")).isEqualTo("1");
    }

    @Test
    void shouldPassTheDialledNumberOnSoTheGatewayPicksThatNumbersAssistantProfile() {
        // Given a caller dialling the sales line (a named fixture: LEG-A To +14155550123)
        SmaCall call = new SmaCall(lambda, "sales-line");

        // When the SMA reports the new inbound call
        JsonNode response = call.send("new-inbound-call-to-sales-line");

        // Then the bridge to the gateway carries the dialled number in its own X- header, and no
        // profile name: the gateway's profiles file maps numbers to profiles
        JsonNode headers = response.at("/Actions/0/Parameters/SipHeaders");
        assertThat(headers.path("X-VoiceBridge-Called-Number").asString()).isEqualTo("+14155550123");
        assertThat(headers.has("X-VoiceBridge-Profile")).isFalse();
    }

    @Test
    void shouldUseTheDialledNumberAsCallerIdWhenTheCallerWithholdsTheirs() {
        // Given a caller whose number is withheld
        SmaCall call = new SmaCall(lambda, "withheld-number");

        // When the call arrives
        JsonNode response = call.send(
                "new-inbound-call",
                e -> ((tools.jackson.databind.node.ObjectNode) e.at("/CallDetails/Participants/0"))
                        .put("From", "Restricted"));

        // Then the bridge still gets a valid caller id (this account's number that was dialled),
        // and the gateway is told what the SMA saw
        assertThat(response.at("/Actions/0/Parameters/CallerIdNumber").asString())
                .isEqualTo("+12065550100");
        assertThat(response.at("/Actions/0/Parameters/SipHeaders/X-VoiceBridge-Caller")
                        .asString())
                .isEqualTo("Restricted");
    }

    @Test
    void shouldAnswerTheSameFirstEventIdenticallyOnAnotherLambdaInstance() {
        // Given a call whose first event was answered by one Lambda instance
        SmaCall call = new SmaCall(lambda, "uri-token");
        JsonNode first = call.send("new-inbound-call");
        SmaLambda otherInstance = SmaLambda.start(SmaLambda.gatewayEnv());

        // When the SMA's retry of that event lands on a fresh instance
        byte[] retried = otherInstance.invokeRaw(call.lastEventBytes());

        // Then it answers the same, with the same short Uri of characters the SMA accepts
        assertThat(Json.parse(retried)).isEqualTo(first);
        assertThat(first.at("/Actions/0/Parameters/Endpoints/0/Uri").asString())
                .hasSizeBetween(1, 30)
                .matches("[a-zA-Z0-9&=+$/%\\-_!~*().]+");
    }

    @Test
    void shouldKeepBridgedCallUpWithNoActionsWhenTheGatewayAnswers() {
        // Given a call being bridged
        SmaCall call = new SmaCall(lambda, "keep-alive");
        call.send("new-inbound-call");

        // When the gateway leg answers
        JsonNode response = call.send("action-successful-call-and-bridge");

        // Then there is nothing to do: the legs stay bridged
        assertThat(response.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGED");
    }

    @Test
    void shouldHangUpTheGatewayLegExactlyOnceWhenTheCallerHangsUp() {
        // Given a bridged call
        SmaCall call = new SmaCall(lambda, "caller-hangs-up");
        call.send("new-inbound-call");
        call.send("action-successful-call-and-bridge");

        // When the caller hangs up
        JsonNode first = call.send("hangup-leg-a");

        // Then the gateway leg is hung up (it would otherwise stay up and billed)
        assertThat(first.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":0}}]""".formatted(LEG_B)));

        // And when the SMA reports the caller's HANGUP again (the gateway leg still shown connected)
        JsonNode again = call.send("hangup-leg-a");
        // Then the gateway leg is not hung up a second time
        assertThat(again.get("Actions")).isEqualTo(Json.parse("[]"));

        // And when the gateway leg's own HANGUP follows, both legs gone
        JsonNode last = call.send("hangup-leg-b-both-gone");
        // Then nothing more is sent
        assertThat(last.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbPhase")).isEqualTo("ENDING");
    }

    @Test
    void shouldHangUpTheCallerExactlyOnceWhenTheGatewayLegHangsUp() {
        // Given a bridged call
        SmaCall call = new SmaCall(lambda, "gateway-hangs-up");
        call.send("new-inbound-call");
        call.send("action-successful-call-and-bridge");

        // When the gateway hangs up its leg
        JsonNode first = call.send("hangup-leg-b");

        // Then the caller's leg is hung up, once
        assertThat(first.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":0}}]""".formatted(LEG_A)));
        assertThat(call.send("hangup-leg-b").get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbEndReason")).isEqualTo("LEG-B hung up (SIP 0)");
    }

    @Test
    void shouldRetryTheBridgeAfterAPauseAndThenApologiseAndHangUpWhenRetriesRunOut() {
        // Given a call whose gateway does not answer, with 2 retries and a 1.5 s pause configured
        SmaCall call = new SmaCall(lambda, "retries");
        JsonNode bridge = call.send("new-inbound-call").at("/Actions/0");
        String retry = """
                [{"Type":"Pause","Parameters":{"CallId":"%s","DurationInMilliseconds":1500}}, %s]""".formatted(LEG_A, bridge);

        // When the first and the second attempt fail
        JsonNode afterFirst = call.send("action-failed-call-and-bridge");
        JsonNode afterSecond = call.send("action-failed-call-and-bridge");

        // Then each is followed by a pause and the same bridge again
        assertThat(afterFirst.get("Actions")).isEqualTo(Json.parse(retry));
        assertThat(afterSecond.get("Actions")).isEqualTo(Json.parse(retry));
        assertThat(call.attribute("vbAttempt")).isEqualTo("3");

        // And when the third (last) attempt fails too
        JsonNode afterThird = call.send("action-failed-call-and-bridge");

        // Then the caller hears the apology and is hung up with 480 Unavailable
        assertThat(afterThird.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Speak","Parameters":{"CallId":"%s",
                   "Text":"We are sorry, we cannot connect your call right now. Please try again later.",
                   "Engine":"neural","LanguageCode":"en-US","VoiceId":"Joanna"}},
                 {"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":480}}]""".formatted(LEG_A, LEG_A)));
        assertThat(call.attribute("vbEndReason")).isEqualTo("gateway unreachable after 3 attempts (CallNotAnswered)");
    }

    @Test
    void shouldNotRetryABridgeThatFailedBecauseOfItsParameters() {
        // Given a call being bridged
        SmaCall call = new SmaCall(lambda, "permanent-failure");
        call.send("new-inbound-call");

        // When the SMA rejects the bridge's parameters
        JsonNode response = call.send("action-failed-call-and-bridge", e -> {
            e.withObject("ActionData").put("ErrorType", "InvalidActionParameter");
            e.withObject("ActionData").put("ErrorMessage", "Invalid caller ID.");
        });

        // Then the caller is not kept waiting for identical retries
        assertThat(response.at("/Actions/0/Type").asString()).isEqualTo("Speak");
        assertThat(response.at("/Actions/1")).isEqualTo(Json.parse("""
                {"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":480}}""".formatted(LEG_A)));
    }

    @Test
    void shouldSendTheBridgeAgainWhenAnEarlierActionOfItsListIsReportedFirst() {
        // Given a call being bridged
        SmaCall call = new SmaCall(lambda, "earlier-action");
        JsonNode bridge = call.send("new-inbound-call").at("/Actions/0");

        // When the SMA reports a Speak of the same list as done before the bridge ran
        JsonNode response = call.send(
                "action-successful-speak",
                e -> ((tools.jackson.databind.node.ArrayNode)
                                e.withObject("CallDetails").get("Participants"))
                        .remove(1));

        // Then the bridge is sent again rather than dropped
        assertThat(response.get("Actions")).isEqualTo(Json.parse("[" + bridge + "]"));
    }

    @Test
    void shouldAnswerARetriedInvocationWithExactlyTheSameBytes() {
        // Given a call whose first event has been answered
        SmaCall call = new SmaCall(lambda, "duplicate");
        call.send("new-inbound-call");
        call.send("action-failed-call-and-bridge");
        byte[] first = lambda.invokeRaw(call.lastEventBytes());

        // When the SMA sends the same (TransactionId, Sequence) again
        byte[] retried = call.resendLastRaw();

        // Then the answer is byte for byte the same, a retry with pause
        assertThat(new String(retried, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));
        assertThat(Json.parse(retried).at("/Actions/0/Type").asString()).isEqualTo("Pause");
    }

    @Test
    void shouldAnswerAnEventThatIsNotJsonWithAValidEmptyResponse() {
        // Given bytes that are not a complete JSON document
        byte[] malformed = Json.fixtureBytes("malformed.json");

        // When they arrive as an invocation
        String response = new String(lambda.invokeRaw(malformed), StandardCharsets.UTF_8);

        // Then the SMA still gets a valid response that changes nothing
        assertThat(Json.parse(response)).isEqualTo(Json.parse("""
                {"SchemaVersion":"1.0","Actions":[]}"""));
    }

    @Test
    void shouldAnswerJsonThatIsNotAnSmaEventWithAValidEmptyResponse() {
        // Given valid JSON of the wrong shape
        String notAnEvent = """
                {"hello":"world","Sequence":"many"}""";

        // When it arrives as an invocation
        JsonNode response = Json.parse(lambda.invokeText(notAnEvent));

        // Then the answer is valid and harmless
        assertThat(response).isEqualTo(Json.parse("""
                {"SchemaVersion":"1.0","Actions":[]}"""));
    }

    @Test
    void shouldAnswerAnInvalidLambdaResponseOnAnUnconnectedCallWithAHangupAndNoAttributes() {
        // Given a call whose first answer the SMA rejected
        SmaCall call = new SmaCall(lambda, "rejected-new-call");
        call.send("new-inbound-call");

        // When the SMA reports the rejection
        JsonNode response = call.send("invalid-lambda-response");

        // Then the caller is released (480) instead of ringing on, and no attributes are sent again
        assertThat(response).isEqualTo(Json.parse("""
                {"SchemaVersion":"1.0","Actions":[{"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":480}}]}""".formatted(LEG_A)));
    }

    @Test
    void shouldAnswerAnInvalidLambdaResponseOnABridgedCallWithNoActions() {
        // Given a bridged call
        SmaCall call = new SmaCall(lambda, "rejected-bridged");
        call.send("new-inbound-call");
        call.send("action-successful-call-and-bridge");

        // When the SMA reports that one of our answers was rejected
        JsonNode response = call.send(
                "invalid-lambda-response",
                e -> e.withObject("CallDetails")
                        .set(
                                "Participants",
                                Json.fixture("action-successful-call-and-bridge")
                                        .at("/CallDetails/Participants")
                                        .deepCopy()));

        // Then the call stays as it is
        assertThat(response).isEqualTo(Json.parse("""
                {"SchemaVersion":"1.0","Actions":[]}"""));
    }

    @Test
    void shouldAnswerDigitsInterruptionsAndUnknownEventsWithNoActions() {
        // Given a bridged call
        SmaCall call = new SmaCall(lambda, "informational");
        call.send("new-inbound-call");
        call.send("action-successful-call-and-bridge");

        // When informational or unknown events arrive
        // Then none of them changes the call
        for (String fixture :
                new String[] {"digits-received", "action-interrupted", "unknown-event", "action-successful-speak"}) {
            assertThat(call.send(fixture).get("Actions")).as(fixture).isEqualTo(Json.parse("[]"));
        }
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGED");
    }

    @Test
    void shouldKeepOtherTransactionAttributesWhileTheCallIsBridged() {
        // Given a call that arrives with an attribute set by someone else
        SmaCall call = new SmaCall(lambda, "foreign-attributes");

        // When it is bridged
        JsonNode response = call.send(
                "new-inbound-call", e -> e.withObject("CallDetails").set("TransactionAttributes", Json.parse("""
                        {"tenant":"acme"}""")));

        // Then the attribute is kept next to the Lambda's own
        assertThat(response.get("TransactionAttributes")).isEqualTo(Json.parse("""
                {"vbPhase":"BRIDGING","vbAttempt":"1","tenant":"acme"}"""));
    }
}
