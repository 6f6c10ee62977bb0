package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.ModifyChimeMeetingAttendees;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.Pause;
import dev.voicebridge.model.action.PlayAudio;
import dev.voicebridge.model.action.ReceiveDigits;
import dev.voicebridge.model.action.SendDigits;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.Speak;
import dev.voicebridge.model.action.StartCallRecording;
import dev.voicebridge.model.action.VoiceFocus;
import dev.voicebridge.model.error.SmaValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The concise factories write exactly the documented Parameters, nothing more. */
class ActionFactoriesTest {

    private static void assertWire(SmaAction action, String expected) {
        assertThat(Fixtures.tree(SmaJson.writeAction(action))).isEqualTo(Fixtures.tree(expected));
    }

    @Test
    void shouldWriteFactoryActionsWithOnlyTheGivenParameters() {
        assertWire(
                Hangup.leg(ParticipantTag.LEG_B, 0),
                "{\"Type\":\"Hangup\",\"Parameters\":{\"ParticipantTag\":\"LEG-B\",\"SipResponseCode\":0}}");
        assertWire(
                Hangup.callId("c1", 480),
                "{\"Type\":\"Hangup\",\"Parameters\":{\"CallId\":\"c1\",\"SipResponseCode\":480}}");
        assertWire(
                Pause.millis("c1", 250),
                "{\"Type\":\"Pause\",\"Parameters\":{\"CallId\":\"c1\",\"DurationInMilliseconds\":250}}");
        assertWire(
                Speak.text("c1", "Hello"),
                "{\"Type\":\"Speak\",\"Parameters\":{\"CallId\":\"c1\",\"Text\":\"Hello\"}}");
        assertWire(
                Speak.ssml("c1", "<speak>Hi</speak>"),
                "{\"Type\":\"Speak\",\"Parameters\":{\"CallId\":\"c1\",\"Text\":\"<speak>Hi</speak>\",\"TextType\":\"ssml\"}}");
        assertWire(
                CallAndBridge.toPstn("+15105550101", "+12065550100").withCallTimeoutSeconds(20),
                "{\"Type\":\"CallAndBridge\",\"Parameters\":{\"CallTimeoutSeconds\":20,\"CallerIdNumber\":\"+15105550101\","
                        + "\"Endpoints\":[{\"BridgeEndpointType\":\"PSTN\",\"Uri\":\"+12065550100\"}]}}");
        assertWire(
                PlayAudio.s3("c1", "bucket", "a.wav"),
                "{\"Type\":\"PlayAudio\",\"Parameters\":{\"CallId\":\"c1\",\"AudioSource\":{\"Type\":\"S3\",\"BucketName\":\"bucket\",\"Key\":\"a.wav\"}}}");
        assertWire(
                ReceiveDigits.of("c1", "^\\d$", 1000, 5000),
                "{\"Type\":\"ReceiveDigits\",\"Parameters\":{\"CallId\":\"c1\",\"InputDigitsRegex\":\"^\\\\d$\","
                        + "\"InBetweenDigitsDurationInMilliseconds\":1000,\"FlushDigitsDurationInMilliseconds\":5000}}");
        assertWire(
                SendDigits.of("c1", "123#"),
                "{\"Type\":\"SendDigits\",\"Parameters\":{\"CallId\":\"c1\",\"Digits\":\"123#\"}}");
        assertWire(
                StartCallRecording.both("c1", "bucket/prefix"),
                "{\"Type\":\"StartCallRecording\",\"Parameters\":{\"CallId\":\"c1\",\"Track\":\"BOTH\",\"Destination\":{\"Type\":\"S3\",\"Location\":\"bucket/prefix\"}}}");
        assertWire(
                VoiceFocus.disable("c1"),
                "{\"Type\":\"VoiceFocus\",\"Parameters\":{\"Enable\":false,\"CallId\":\"c1\"}}");
        assertWire(
                ModifyChimeMeetingAttendees.mute("c2", "m1", List.of("a1")),
                "{\"Type\":\"ModifyChimeMeetingAttendees\",\"Parameters\":{\"Operation\":\"Mute\",\"MeetingId\":\"m1\",\"CallId\":\"c2\",\"AttendeeList\":[\"a1\"]}}");
    }

    @Test
    void shouldAcceptTheDocumentedBoundaries() {
        assertThat(CallAndBridge.toPstn("+15105550101", "+12065550100")
                        .withCallTimeoutSeconds(1)
                        .callTimeoutSeconds())
                .isEqualTo(1);
        assertThat(CallAndBridge.toPstn("+15105550101", "+12065550100")
                        .withCallTimeoutSeconds(120)
                        .callTimeoutSeconds())
                .isEqualTo(120);
        assertThat(CallAndBridge.toVoiceConnector(
                                "+15105550101",
                                "arn:aws:chime:us-east-1:123456789012:vc/x",
                                "aZ09&=+$/%-_!~*().aZ09&=+$/%-_",
                                null)
                        .endpoints()
                        .get(0)
                        .uri())
                .hasSize(30);
        assertThat(new SendDigits("c1", "1".repeat(50), 50).digits()).hasSize(50);
        assertThat(new SendDigits("c1", "A,B,C,D*#", 24000).toneDurationInMilliseconds())
                .isEqualTo(24000);
        assertThat(Speak.text("c1", "x".repeat(1000)).text()).hasSize(1000);
        assertThat(Hangup.callId("c1", 486).sipResponseCode()).isEqualTo(486);
    }

    @Test
    void shouldRejectCustomHeaderValuesOver2048Characters() {
        assertThatThrownBy(() -> CallAndBridge.toVoiceConnector(
                        "+15105550101",
                        "arn:aws:chime:us-east-1:123456789012:vc/x",
                        "vb-1",
                        Map.of("X-Long", "v".repeat(2049))))
                .isInstanceOf(SmaValidationException.class)
                .hasMessageStartingWith(
                        "CallAndBridge.SipHeaders.X-Long must be at most 2048 characters, but was \"vvv")
                .hasMessageEndingWith("(2049 characters)");
    }

    @Test
    void shouldAcceptTheThreeKindsOfCustomHeaderNames() {
        Map<String, String> headers =
                Map.of("x-lower", "1", "User-to-User", "2", "Diversion", "<sip:+12065550100@x>;reason=unknown");

        assertThat(CallAndBridge.toVoiceConnector(
                                "+15105550101", "arn:aws:chime:us-east-1:123456789012:vc/x", "vb-1", headers)
                        .sipHeaders())
                .hasSize(3);
    }

    @Test
    void shouldRejectAMissingFactoryArgumentByName() {
        assertThatThrownBy(() -> Hangup.callId(null, 0))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Hangup.CallId must be present, but was absent");
        assertThatThrownBy(() -> Speak.text("c1", ""))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Speak.Text must be a non-blank string, but was \"\"");
    }
}
