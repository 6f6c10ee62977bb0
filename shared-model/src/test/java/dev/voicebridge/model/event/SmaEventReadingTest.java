package dev.voicebridge.model.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.Fixtures;
import dev.voicebridge.model.GatewayCommand;
import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.PlayAudio;
import dev.voicebridge.model.action.SpeakAndGetDigits;
import dev.voicebridge.model.error.SmaParseException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** What a handler sees in each event: the fields it branches on, whatever shape AWS used. */
class SmaEventReadingTest {

    private static SmaEvent event(String fixture) {
        return SmaJson.parseEvent(Fixtures.read("events/" + fixture));
    }

    @Test
    void shouldExposeTheCallerLegOfANewInboundCall() {
        SmaEvent event = event("new-inbound-call.json");

        assertThat(event.transactionId()).isEqualTo("tx-7a1b2c3d");
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(event.actionData()).isNull();
        assertThat(event.failure()).isEmpty();
        assertThat(event.callDetails().sipMediaApplicationId()).isEqualTo("sma-1");
        assertThat(event.legA()).hasValueSatisfying(leg -> {
            assertThat(leg.from()).isEqualTo("+15105550101");
            assertThat(leg.direction()).isEqualTo(Direction.INBOUND);
            assertThat(leg.isConnected()).isTrue();
            assertThat(leg.startTimeInMilliseconds()).isEqualTo(1_700_000_000_000L);
        });
        assertThat(event.legB()).isEmpty();
    }

    @Test
    void shouldReadOutboundLegsWithoutStatusAsDocumented() {
        SmaEvent event = event("ringing.json");

        assertThat(event.invocationEventType()).isEqualTo(InvocationEventType.RINGING);
        assertThat(event.legA()).hasValueSatisfying(leg -> {
            assertThat(leg.status()).isNull();
            assertThat(leg.direction()).isEqualTo(Direction.OUTBOUND);
        });
    }

    @Test
    void shouldTypeTheEchoedCallAndBridgeOfASuccessfulBridge() {
        SmaEvent event = event("action-successful-call-and-bridge.json");

        assertThat(event.actionData().type()).isEqualTo("CallAndBridge");
        assertThat(event.actionData().action()).isInstanceOfSatisfying(CallAndBridge.class, bridge -> {
            assertThat(bridge.endpoints().get(0).uri()).isEqualTo("vb-4f1c");
            assertThat(bridge.sipHeaders()).containsEntry("X-VoiceBridge-Transaction-Id", "tx-7a1b2c3d");
        });
        assertThat(event.actionData().callId()).hasValue("c0a1b2c3-leg-a");
        assertThat(event.legB()).hasValueSatisfying(leg -> assertThat(leg.to()).isEqualTo("vb-4f1c"));
        assertThat(event.transactionAttribute("state")).hasValue("bridging");
    }

    @Test
    void shouldReadAFailureGivenAsErrorTypeAndErrorMessage() {
        SmaEvent event = event("action-failed-call-and-bridge.json");

        assertThat(event.failure()).hasValue(new SmaFailure("CallNotAnswered", "Call not answered"));
        assertThat(event.actionData().failure()).isEqualTo(event.failure());
    }

    @Test
    void shouldSplitAFailureGivenAsOneErrorString() {
        SmaEvent event = event("action-failed-join-chime-meeting.json");

        assertThat(event.failure()).hasValue(new SmaFailure("ErrorJoiningMeeting", "Error while joining meeting."));
    }

    @Test
    void shouldReadTheRecordAudioFailureWhoseParametersAwsDocumentsDifferently() {
        SmaEvent event = event("action-failed-record-audio.json");

        assertThat(event.failure())
                .hasValue(new SmaFailure("NoAccessTODestination", "Error while accessing destination"));
        assertThat(event.actionData().action())
                .as("parameters that do not fit RecordAudio are kept raw")
                .isNull();
        assertThat(event.actionData().parameters()).containsEntry("DestinationType", "S3");
    }

    @Test
    void shouldReadAFailureGivenAtTheTopLevelOfAnInvalidLambdaResponse() {
        SmaEvent event = event("invalid-lambda-response.json");

        assertThat(event.errorType()).isEqualTo("TransactionAttributesInvalidMapSize");
        assertThat(event.failure()).hasValueSatisfying(f -> {
            assertThat(f.errorType()).isEqualTo("TransactionAttributesInvalidMapSize");
            assertThat(f.errorMessage()).contains("10");
        });
    }

    @Test
    void shouldReadAFailureGivenInsideActionDataOfAnInvalidLambdaResponse() {
        SmaEvent event =
                SmaJson.parseEvent(Fixtures.read("events/variants/invalid-lambda-response-in-action-data.json"));

        assertThat(event.failure())
                .hasValue(new SmaFailure("ActionNotSupported", "Action type Answer is not supported"));
    }

    @Test
    void shouldFallBackToTheTopLevelFailureFromActionData() {
        String json = """
                {"InvocationEventType":"ACTION_FAILED","ActionData":{"Type":"Speak","Parameters":{"CallId":"c1","Text":"Hi"}},
                 "ErrorType":"SystemException","ErrorMessage":"boom","CallDetails":{"TransactionId":"t1","Participants":[]}}
                """;

        SmaEvent event = SmaJson.parseEvent(json);

        assertThat(event.actionData().failure()).hasValue(new SmaFailure("SystemException", "boom"));
    }

    @Test
    void shouldKeepTheMeetingJoinTokenOutOfLogLines() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/invocation-event-key.json"));

        assertThat(event.actionData().parameters()).containsEntry("JoinToken", "join-token-value");
        assertThat(event.toString()).doesNotContain("join-token-value").contains("JoinToken=***");
    }

    @Test
    void shouldKeepTheErrorListOfModifyChimeMeetingAttendees() {
        SmaEvent event = event("action-failed-modify-chime-meeting-attendees.json");

        assertThat(event.failure())
                .hasValueSatisfying(f -> assertThat(f.errorType()).isEqualTo("InvalidActionParameter"));
        assertThat(event.actionData().field("ErrorList")).hasValue(List.of());
    }

    @Test
    void shouldGiveTheDigitsOfSpeakAndGetDigits() {
        SmaEvent event = event("action-successful-speak-and-get-digits.json");

        assertThat(event.actionData().receivedDigits()).isEqualTo("1234");
        assertThat(event.actionData().action()).isInstanceOf(SpeakAndGetDigits.class);
    }

    @Test
    void shouldGiveTheDigitsOfDigitsReceived() {
        SmaEvent event = event("digits-received.json");

        assertThat(event.actionData().receivedDigits()).isEqualTo("*0");
        assertThat(event.actionData().type()).isEqualTo("ReceiveDigits");
    }

    @Test
    void shouldGiveTheRecordingLocationOfASuccessfulRecording() {
        SmaEvent event = event("action-successful-record-audio.json");

        assertThat(event.actionData().field("RecordingDestination"))
                .hasValue(Map.of(
                        "Type",
                        "S3",
                        "BucketName",
                        "voicebridge-recordings",
                        "Key",
                        "c0a1b2c3-leg-a-recordings-1.wav"));
    }

    @Test
    void shouldKeepTheBotIntentResult() {
        SmaEvent event = event("action-successful-start-bot-conversation.json");

        assertThat(event.actionData().field("IntentResult"))
                .hasValueSatisfying(result -> assertThat(result)
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                        .containsKey("SessionState"));
    }

    @Test
    void shouldTellWhichInterruptibleActionWasCutOff() {
        assertThat(event("action-interrupted-pause.json").actionData().action())
                .isInstanceOf(dev.voicebridge.model.action.Pause.class);
        assertThat(event("action-interrupted-play-audio.json").actionData().action())
                .isInstanceOf(PlayAudio.class);
        assertThat(event("action-interrupted-record-audio.json").actionData().action())
                .isInstanceOf(dev.voicebridge.model.action.RecordAudio.class);
    }

    @Test
    void shouldTellWhichLegHungUpAndWithWhichCode() {
        SmaEvent event = event("hangup.json");

        assertThat(event.actionData().action()).isEqualTo(new Hangup("d4e5f6a7-leg-b", ParticipantTag.LEG_B, 0));
        assertThat(event.legB())
                .hasValueSatisfying(leg -> assertThat(leg.status()).isEqualTo(ParticipantStatus.DISCONNECTED));
        assertThat(event.legA())
                .hasValueSatisfying(leg -> assertThat(leg.isConnected()).isTrue());
    }

    @Test
    void shouldGiveTheArgumentsOfACallUpdateAsAGatewayCommand() {
        SmaEvent event = event("call-update-requested.json");

        assertThat(event.actionData().type()).isEqualTo("CallUpdateRequest");
        assertThat(event.actionData().action()).isNull();
        assertThat(GatewayCommand.fromArguments(event.actionData().arguments()))
                .isEqualTo(new GatewayCommand.Speak("One moment please", null, null, false));
    }

    @Test
    void shouldGiveTheArgumentsMapOfAnOutboundCall() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/new-outbound-call-with-arguments.json"));

        assertThat(event.actionData().arguments())
                .containsExactlyInAnyOrderEntriesOf(Map.of("campaign", "renewals", "language", "de-DE"));
    }

    @Test
    void shouldTypeAnEchoedActionWhoseNumbersAreStrings() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/numbers-as-strings.json"));

        assertThat(event.actionData().action())
                .isInstanceOfSatisfying(
                        PlayAudio.class, play -> assertThat(play.repeat()).isEqualTo(5));
    }

    @Test
    void shouldReadSipApplicationIdAndStringSequence() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/sip-application-id.json"));

        assertThat(event.callDetails().sipMediaApplicationId()).isEqualTo("sma-1");
        assertThat(event.sequence()).isEqualTo(2);
        assertThat(event.legA().orElseThrow().startTimeInMilliseconds()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void shouldReadTheDocTypoInvocationEventAndTheOldNameNewIncomingCall() {
        SmaEvent typo = SmaJson.parseEvent(Fixtures.read("events/variants/invocation-event-key.json"));
        SmaEvent oldName = SmaJson.parseEvent(Fixtures.read("events/variants/new-incoming-call.json"));

        assertThat(typo.invocationEventType()).isEqualTo(InvocationEventType.ACTION_SUCCESSFUL);
        assertThat(oldName.invocationEventType()).isEqualTo(InvocationEventType.NEW_INBOUND_CALL);
        assertThat(oldName.rawEventType()).isEqualTo("NEW_INCOMING_CALL");
    }

    @Test
    void shouldReadTheCamelCaseEventTypeOfTheJoinChimeMeetingFailureExample() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/camel-case-event-type.json"));

        assertThat(event.invocationEventType()).isEqualTo(InvocationEventType.ACTION_FAILED);
        assertThat(event.rawEventType()).isEqualTo("ActionFailed");
        assertThat(event.failure()).hasValue(new SmaFailure("ErrorJoiningMeeting", "Error while joining meeting."));
        assertThat(InvocationEventType.fromWire("NewInboundCall")).isEqualTo(InvocationEventType.NEW_INBOUND_CALL);
        assertThat(InvocationEventType.fromWire("Hangup")).isEqualTo(InvocationEventType.HANGUP);
    }

    @Test
    void shouldGiveWhereACallRecordingWentAndWhyItFailed() {
        assertThat(event("action-successful-start-call-recording.json")
                        .actionData()
                        .field("CallRecordingDestination"))
                .hasValueSatisfying(d -> assertThat(d.toString()).contains("tx-7a1b2c3d_c0a1b2c3-leg-a.wav"));
        assertThat(event("action-failed-start-call-recording.json").failure())
                .hasValue(new SmaFailure("NoAccessToDestination", "Error while accessing destination"));
        assertThat(event("action-failed-send-digits.json").actionData().action())
                .as("AWS echoes the invalid tone duration; the raw parameters keep it")
                .isNull();
    }

    @Test
    void shouldKeepAnUnknownEventTypeAndItsActionData() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/unknown-event-type.json"));

        assertThat(event.invocationEventType()).isEqualTo(InvocationEventType.UNKNOWN);
        assertThat(event.rawEventType()).isEqualTo("CALL_TRANSCRIPT_READY");
        assertThat(event.actionData().type()).isEqualTo("StartTranscription");
        assertThat(event.actionData().action()).isNull();
        assertThat(event.actionData().parameters()).containsEntry("LanguageCode", "en-US");
    }

    @Test
    void shouldKeepUnknownFieldsAndValuesAtTheirPaths() {
        SmaEvent event = SmaJson.parseEvent(Fixtures.read("events/variants/unknown-fields.json"));

        assertThat(event.unknownFields())
                .containsEntry("Region", Map.of("Edge", "iad"))
                .containsEntry("CallDetails.CallRecordingEnabled", false)
                .containsEntry("CallDetails.Participants[0].Codec", "PCMU")
                .containsEntry("CallDetails.Participants[1].ParticipantTag", "LEG-C")
                .containsEntry("CallDetails.Participants[1].Direction", "Sideways")
                .containsEntry("CallDetails.Participants[1].Status", "OnHold");
        assertThat(event.callDetails().participants().get(1).participantTag()).isNull();
        assertThat(event.legA()).isPresent();
    }

    @Test
    void shouldReadAnEventThroughAnyJacksonMapperWithTheSameTolerance() {
        // Spring Cloud Function binds the Lambda input with its own mapper, not SmaJson's
        JsonMapper plain = JsonMapper.builder().build();
        String json = Fixtures.read("events/variants/sip-application-id.json");

        SmaEvent viaAnnotations = plain.readValue(json, SmaEvent.class);

        assertThat(viaAnnotations).isEqualTo(SmaJson.parseEvent(json));
        assertThat(plain.readTree(plain.writeValueAsString(viaAnnotations)))
                .isEqualTo(Fixtures.tree(Fixtures.read("events/variants/sip-application-id.normalized.json")));
    }

    @Test
    void shouldReadFromBytesAndStreamsAlike() {
        String json = Fixtures.read("events/hangup.json");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(SmaJson.parseEvent(bytes)).isEqualTo(SmaJson.parseEvent(json));
        assertThat(SmaJson.parseEvent(new ByteArrayInputStream(bytes))).isEqualTo(SmaJson.parseEvent(json));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "null",
                "[]",
                "\"NEW_INBOUND_CALL\"",
                "{\"InvocationEventType\":\"NEW_INBOUND_CALL\"",
                "{\"InvocationEventType\":\"NEW_INBOUND_CALL\"} trailing",
            })
    void shouldRejectInputThatIsNotAJsonObjectWithParseException(String json) {
        assertThatThrownBy(() -> SmaJson.parseEvent(json)).isInstanceOf(SmaParseException.class);
    }

    @Test
    void shouldNameTheMissingEventType() {
        assertThatThrownBy(() -> SmaJson.parseEvent("{\"CallDetails\":{\"TransactionId\":\"t\"}}"))
                .isInstanceOf(SmaParseException.class)
                .hasMessage("the SMA event has no InvocationEventType");
    }

    @Test
    void shouldNameTheMissingCallDetails() {
        assertThatThrownBy(() -> SmaJson.parseEvent("{\"InvocationEventType\":\"HANGUP\"}"))
                .isInstanceOf(SmaParseException.class)
                .hasMessage("the SMA event has no CallDetails");
    }

    @Test
    void shouldNameTheMissingTransactionId() {
        assertThatThrownBy(() -> SmaJson.parseEvent(
                        "{\"InvocationEventType\":\"HANGUP\",\"CallDetails\":{\"Participants\":[]}}"))
                .isInstanceOf(SmaParseException.class)
                .hasMessage("the SMA event has no CallDetails.TransactionId");
    }

    @Test
    void shouldSayWhyTextIsNotJson() {
        assertThatThrownBy(() -> SmaJson.parseEvent("{nope"))
                .isInstanceOf(SmaParseException.class)
                .hasMessageStartingWith("the SMA event is not valid JSON: ");
    }

    @Test
    void shouldRejectNullInput() {
        assertThatThrownBy(() -> SmaJson.parseEvent((String) null)).isInstanceOf(SmaParseException.class);
        assertThatThrownBy(() -> SmaJson.parseEvent((byte[]) null)).isInstanceOf(SmaParseException.class);
    }
}
