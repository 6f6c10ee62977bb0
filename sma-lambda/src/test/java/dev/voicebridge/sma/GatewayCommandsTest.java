package dev.voicebridge.sma;

import static dev.voicebridge.sma.testing.SmaCall.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** CALL_UPDATE_REQUESTED: each command the gateway can send with UpdateSipMediaApplicationCall. */
class GatewayCommandsTest {

    private static final String LEG_A = "6c1e2f3a-4b5c-4d6e-8f70-819203a4b5c6";
    private static final String LEG_B = "9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a";
    private static SmaLambda lambda;

    @BeforeAll
    static void startLambda() {
        lambda = SmaLambda.start(SmaLambda.gatewayEnv());
    }

    private static SmaCall bridgedCall(String name) {
        SmaCall call = new SmaCall(lambda, name);
        call.send("new-inbound-call");
        call.send("action-successful-call-and-bridge");
        return call;
    }

    @Test
    void shouldHangUpTheCallerThenTheGatewayLegOnceWhenTheGatewayAsksToHangUp() {
        // Given a bridged call
        SmaCall call = bridgedCall("cmd-hangup");

        // When the gateway sends the hangup command
        JsonNode response =
                call.send("call-update-requested", arguments(Map.of("command", "hangup", "sipResponseCode", "0")));

        // Then the caller's leg is hung up
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":0}}]""".formatted(LEG_A)));

        // And when the caller's HANGUP follows, the gateway leg is released, once
        assertThat(call.send("hangup-leg-a").get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":0}}]""".formatted(LEG_B)));
        assertThat(call.send("hangup-leg-b-both-gone").get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbEndReason")).isEqualTo("gateway hung up");
    }

    @Test
    void shouldTransferToAnAllowedNumberByReleasingTheGatewayLegThenBridgingToThePstn() {
        // Given a bridged call, and transfers allowed to +1415...
        SmaCall call = bridgedCall("cmd-transfer");

        // When the gateway asks to transfer the caller
        JsonNode first =
                call.send("call-update-requested", arguments(Map.of("command", "transfer", "to", "+14155550123")));

        // Then the gateway leg is hung up first
        assertThat(first.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":0}}]""".formatted(LEG_B)));
        assertThat(call.attribute("vbPhase")).isEqualTo("TRANSFERRING");

        // And when that hang-up is done, the caller is bridged to the number with the configured caller id
        JsonNode second = call.send("action-successful-hangup-leg-b");
        assertThat(second.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"CallAndBridge","Parameters":{"CallTimeoutSeconds":30,"CallerIdNumber":"+12065550100",
                   "Endpoints":[{"BridgeEndpointType":"PSTN","Uri":"+14155550123"}]}}]"""));

        // And the gateway leg's own HANGUP arriving as well starts no second bridge and hangs up no one
        assertThat(call.send("hangup-leg-b").get("Actions")).isEqualTo(Json.parse("[]"));

        // And when the number answers, the call stays up
        assertThat(call.send("action-successful-transfer-bridge").get("Actions"))
                .isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbPhase")).isEqualTo("TRANSFERRED");
    }

    @Test
    void shouldApologiseAndHangUpWhenTheTransferNumberCannotBeReached() {
        // Given a transfer whose PSTN bridge was sent
        SmaCall call = bridgedCall("cmd-transfer-fails");
        call.send("call-update-requested", arguments(Map.of("command", "transfer", "to", "+14155550123")));
        call.send("hangup-leg-b");

        // When that bridge fails
        JsonNode response = call.send("action-failed-call-and-bridge");

        // Then the caller hears the apology and is hung up, not left in silence
        assertThat(response.at("/Actions/0/Type").asString()).isEqualTo("Speak");
        assertThat(response.at("/Actions/1")).isEqualTo(Json.parse("""
                {"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":480}}""".formatted(LEG_A)));
    }

    @Test
    void shouldRefuseATransferToANumberOutsideTheAllowedPrefixesAndKeepTheCall() {
        // Given a bridged call; transfers are allowed only to +1415 and +1206 numbers
        SmaCall call = bridgedCall("cmd-transfer-refused");

        // When the gateway asks to transfer to a premium-rate number abroad
        JsonNode response =
                call.send("call-update-requested", arguments(Map.of("command", "transfer", "to", "+882355512345")));

        // Then nothing happens and the call stays bridged
        assertThat(response).isEqualTo(Json.parse("""
                {"SchemaVersion":"1.0","Actions":[]}"""));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGED");
    }

    @Test
    void shouldSpeakTextOnTheCallersLegWithTheRequestedVoice() {
        // Given a bridged call
        SmaCall call = bridgedCall("cmd-speak");

        // When the gateway asks to speak SSML with a given voice
        JsonNode response = call.send(
                "call-update-requested",
                arguments(Map.of(
                        "command",
                        "speak",
                        "text",
                        "<speak>One moment</speak>",
                        "textType",
                        "ssml",
                        "voiceId",
                        "Matthew")));

        // Then a Speak runs on the caller's leg, with the default language and engine
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Speak","Parameters":{"CallId":"%s","Text":"<speak>One moment</speak>","Engine":"neural",
                   "LanguageCode":"en-US","TextType":"ssml","VoiceId":"Matthew"}}]""".formatted(LEG_A)));
    }

    @Test
    void shouldPlayAnS3RecordingOnTheCallersLeg() {
        // Given a bridged call
        SmaCall call = bridgedCall("cmd-play");

        // When the gateway asks to play a prompt from S3
        JsonNode response = call.send(
                "call-update-requested",
                arguments(Map.of("command", "play", "bucket", "voicebridge-prompts", "key", "hold.wav")));

        // Then PlayAudio runs on the caller's leg
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"PlayAudio","Parameters":{"CallId":"%s",
                   "AudioSource":{"Type":"S3","BucketName":"voicebridge-prompts","Key":"hold.wav"}}}]""".formatted(LEG_A)));
    }

    @Test
    void shouldSendDigitsOnTheCallersLeg() {
        // Given a bridged call
        SmaCall call = bridgedCall("cmd-digits");

        // When the gateway asks to send DTMF
        JsonNode response =
                call.send("call-update-requested", arguments(Map.of("command", "send_digits", "digits", "1,2#")));

        // Then SendDigits runs on the caller's leg
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"SendDigits","Parameters":{"CallId":"%s","Digits":"1,2#"}}]""".formatted(LEG_A)));
    }

    @Test
    void shouldIgnoreAnUnknownCommandAndKeepTheCall() {
        // Given a bridged call
        SmaCall call = bridgedCall("cmd-unknown");

        // When the gateway sends a command this Lambda does not know
        JsonNode response = call.send("call-update-requested", arguments(Map.of("command", "record")));

        // Then it is ignored: no actions, the stored attributes untouched
        assertThat(response).isEqualTo(Json.parse("""
                {"SchemaVersion":"1.0","Actions":[]}"""));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGED");
    }

    @Test
    void shouldIgnoreAnIncompleteCommand() {
        // Given a bridged call
        SmaCall call = bridgedCall("cmd-incomplete");

        // When the gateway asks for a transfer without a number, and digits the SMA cannot send
        JsonNode noNumber = call.send("call-update-requested", arguments(Map.of("command", "transfer")));
        JsonNode badDigits =
                call.send("call-update-requested", arguments(Map.of("command", "send_digits", "digits", "12X")));

        // Then both are ignored and the call stays
        assertThat(noNumber.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(badDigits.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGED");
    }

    @Test
    void shouldIgnoreMediaCommandsBeforeTheCallIsConnected() {
        // Given a call still being bridged
        SmaCall call = new SmaCall(lambda, "cmd-too-early");
        call.send("new-inbound-call");

        // When the gateway asks to speak before the bridge completed
        JsonNode response = call.send("call-update-requested", arguments(Map.of("command", "speak", "text", "Hello")));

        // Then the pending bridge is left alone
        assertThat(response.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(call.attribute("vbPhase")).isEqualTo("BRIDGING");
    }
}
