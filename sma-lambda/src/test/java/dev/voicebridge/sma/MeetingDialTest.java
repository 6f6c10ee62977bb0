package dev.voicebridge.sma;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.voicebridge.sma.support.CallToken;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The PSTN leg of the gateway's {@code POST /api/meetings} with {@code dial}: the gateway places the
 * call with {@code {"vbRequestId": ..., "meetingId": <the console's meeting>}} in its ArgumentsMap
 * (fixture {@code new-outbound-call-into-meeting}), and a Lambda in its ordinary gateway mode joins
 * the answered leg to THAT meeting instead of bridging it to a gateway. Chime SDK meetings is
 * WireMock behind the Lambda's endpoint override; the Lambda runs through its real FunctionInvoker.
 */
class MeetingDialTest {

    private static final String MEETING_ID = "4a1f2b3c-5d6e-4f70-8192-a3b4c5d6e7f8";
    private static final String ATTENDEE_ID = "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9";
    private static final String JOIN_TOKEN = "M2MyYjFhMGYtOWU4ZC00YzdiLWE2ZjUtZTRkM2MyYjFhMGY5OnBzdG4=";
    private static final String LEG_A = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

    @RegisterExtension
    static final WireMockExtension chime = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort())
            .build();

    private static SmaLambda lambda;

    @BeforeAll
    static void startLambdaInGatewayMode() {
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("AWS_REGION", "us-east-1");
        env.put("CHIME_MEETINGS_ENDPOINT", chime.baseUrl());
        // Generous for a loaded CI machine, whose first SDK request in a JVM is slow.
        env.put("AWS_API_CALL_TIMEOUT_MS", "3000");
        env.put("INVOCATION_BUDGET_MS", "4000");
        lambda = SmaLambda.start(env);
        // A gateway-mode Lambda does not prime the meetings client at INIT (meeting mode does), and this
        // JVM's first SDK request costs seconds on a loaded CI machine; MeetingModeTest measures that
        // budget. Starting a meeting-mode instance pays it here, so this test is about the flow.
        Map<String, String> meetingMode = new java.util.HashMap<>(env);
        meetingMode.put("CALL_MODE", "meeting");
        SmaLambda.start(meetingMode);
    }

    @Test
    void shouldJoinTheAnsweredLegToTheMeetingTheGatewayNamedInsteadOfBridgingIt() {
        // Given chime-sdk-meetings adding attendees to the console's meeting
        chime.stubFor(post(urlEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                        {"Attendee":{"AttendeeId":"%s","ExternalUserId":"pstn","JoinToken":"%s"}}""".formatted(ATTENDEE_ID, JOIN_TOKEN))));
        SmaCall call = new SmaCall(lambda, "dial-into-meeting");

        // When the call the gateway placed starts, and the called party answers
        JsonNode placed = call.send("new-outbound-call-into-meeting");
        JsonNode answered = call.send("call-answered-into-meeting");

        // Then nothing is done while it rings, and on answer the leg joins that meeting as a new attendee
        assertThat(placed.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(answered.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"JoinChimeMeeting","Parameters":{"JoinToken":"%s","CallId":"%s","MeetingId":"%s"}}]""".formatted(JOIN_TOKEN, LEG_A, MEETING_ID)));
        chime.verify(0, postRequestedFor(urlEqualTo("/meetings")));
        chime.verify(
                1,
                postRequestedFor(urlEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                        .withRequestBody(equalToJson(
                                "{\"ExternalUserId\":\"pstn-" + CallToken.of(call.transactionId()) + "\"}")));
        // And the call remembers the meeting and attendee, not the join token, and does not own the meeting
        assertThat(call.storedAttributes()).isEqualTo(Json.parse("""
                {"vbPhase":"JOINING_MEETING","vbMeetingId":"%s","vbAttendeeId":"%s"}""".formatted(MEETING_ID, ATTENDEE_ID)));

        // And when the join succeeds the leg stays in the meeting, and when it hangs up the console's meeting lives on
        JsonNode joined = call.send("action-successful-join-chime-meeting-outbound");
        call.send("hangup-leg-a");
        assertThat(joined.get("Actions")).isEqualTo(Json.parse("[]"));
        chime.verify(0, deleteRequestedFor(urlPathMatching("/meetings/.*")));
    }
}
