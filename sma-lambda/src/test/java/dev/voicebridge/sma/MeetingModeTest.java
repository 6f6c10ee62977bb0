package dev.voicebridge.sma;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.voicebridge.sma.testing.SmaCall.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.voicebridge.sma.support.CallToken;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaCall;
import dev.voicebridge.sma.testing.SmaLambda;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Meeting mode (CALL_MODE=meeting) and outbound meeting joins, with Chime SDK meetings played by WireMock
 * through the Lambda's endpoint override: real SDK clients, real HTTP, real signing.
 */
class MeetingModeTest {

    private static final String LEG_A = "6c1e2f3a-4b5c-4d6e-8f70-819203a4b5c6";
    private static final String MEETING_ID = "4a1f2b3c-5d6e-4f70-8192-a3b4c5d6e7f8";
    private static final String ATTENDEE_ID = "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    private static final String JOIN_TOKEN = "OWI4YTdjNmQtNWU0Zi00YTNiLTljMmQtMWUwZjlhOGI3YzZkOnRva2Vu";

    @RegisterExtension
    static final WireMockExtension chime = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort())
            .build();

    private static SmaLambda lambda;

    @BeforeAll
    static void startLambda() throws Exception {
        // WireMock's own first requests (Jetty, matchers) are slow on a loaded machine; they are not what is tested.
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            for (int i = 0; i < 3; i++) {
                http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(chime.baseUrl() + "/meetings"))
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            }
        }
        lambda = SmaLambda.start(meetingEnv());
    }

    static Map<String, String> meetingEnv() {
        Map<String, String> env = SmaLambda.gatewayEnv();
        env.put("CALL_MODE", "meeting");
        env.put("AWS_REGION", "us-east-1");
        env.put("MEETING_MEDIA_REGION", "us-west-2");
        env.put("CHIME_MEETINGS_ENDPOINT", chime.baseUrl());
        // Generous for a loaded CI machine, whose first SDK request in a JVM is slow; still well under the
        // SMA's 5 s, which the slow-service test checks.
        env.put("AWS_API_CALL_TIMEOUT_MS", "3000");
        env.put("INVOCATION_BUDGET_MS", "4000");
        return env;
    }

    private static void meetingServiceWorks() {
        chime.stubFor(post(urlEqualTo("/meetings"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                        {"Meeting":{"MeetingId":"%s","ExternalMeetingId":"x","MediaRegion":"us-west-2",
                          "MediaPlacement":{"AudioHostUrl":"audio.example:3478"}}}""".formatted(MEETING_ID))));
        chime.stubFor(post(urlPathMatching("/meetings/[^/]+/attendees"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                        {"Attendee":{"AttendeeId":"%s","ExternalUserId":"pstn","JoinToken":"%s"}}""".formatted(ATTENDEE_ID, JOIN_TOKEN))));
    }

    @Test
    void shouldCreateAMeetingAndAnAttendeeAndJoinTheCaller() {
        // Given Chime SDK meetings answering
        meetingServiceWorks();
        SmaCall call = new SmaCall(lambda, "meeting-join");

        // When a call arrives in meeting mode
        JsonNode response = call.send("new-inbound-call");

        // Then the caller joins the new meeting with the attendee's token
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"JoinChimeMeeting","Parameters":{"JoinToken":"%s","CallId":"%s","MeetingId":"%s"}}]""".formatted(JOIN_TOKEN, LEG_A, MEETING_ID)));
        // And the meeting was asked for idempotently (a retried invocation gets the same meeting), in the media region
        chime.verify(1, postRequestedFor(urlEqualTo("/meetings")).withRequestBody(equalToJson("""
                {"ClientRequestToken":"vb-%s","ExternalMeetingId":"voicebridge-%s","MediaRegion":"us-west-2"}""".formatted(
                        call.transactionId(), call.transactionId()))));
        chime.verify(
                1,
                postRequestedFor(urlEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                        .withRequestBody(matchingJsonPath(
                                "$.ExternalUserId",
                                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                                        "pstn-" + CallToken.of(call.transactionId())))));
        // And the meeting is remembered, the join token is not
        assertThat(call.storedAttributes()).isEqualTo(Json.parse("""
                {"vbPhase":"JOINING_MEETING","vbMeetingId":"%s","vbAttendeeId":"%s","vbOwnMeeting":"1"}""".formatted(MEETING_ID, ATTENDEE_ID)));
    }

    @Test
    void shouldStayInTheMeetingThenReleaseTheMeetingLegAndEndTheMeetingOnceWhenTheCallerHangsUp() {
        // Given a caller joining a meeting made for the call
        meetingServiceWorks();
        chime.stubFor(delete(urlEqualTo("/meetings/" + MEETING_ID))
                .willReturn(aResponse().withStatus(204)));
        SmaCall call = new SmaCall(lambda, "meeting-hangup");
        call.send("new-inbound-call");

        // When the join succeeds, and later the caller hangs up (and the SMA reports it twice)
        JsonNode joined = call.send("action-successful-join-chime-meeting");
        JsonNode hangup = call.send("hangup-leg-a", MeetingModeTest::callerGoneMeetingLegUp);
        JsonNode again = call.send("hangup-leg-a", MeetingModeTest::callerGoneMeetingLegUp);

        // Then the call stays in the meeting with no actions, and once the caller left the meeting leg is hung
        // up and the meeting ended, each once
        assertThat(joined.get("Actions")).isEqualTo(Json.parse("[]"));
        assertThat(hangup.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910","SipResponseCode":0}}]"""));
        assertThat(again.get("Actions")).isEqualTo(Json.parse("[]"));
        chime.verify(1, deleteRequestedFor(urlEqualTo("/meetings/" + MEETING_ID)));
    }

    @Test
    void shouldStillReleaseTheMeetingLegWhenEndingTheMeetingFails() {
        // Given a caller in a meeting made for the call, and a meetings API that cannot delete it
        meetingServiceWorks();
        chime.stubFor(delete(urlEqualTo("/meetings/" + MEETING_ID))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("x-amzn-ErrorType", "ServiceFailureException")
                        .withBody("{}")));
        SmaCall call = new SmaCall(lambda, "meeting-delete-fails");
        call.send("new-inbound-call");
        call.send("action-successful-join-chime-meeting");

        // When the caller hangs up
        JsonNode hangup = call.send("hangup-leg-a", MeetingModeTest::callerGoneMeetingLegUp);

        // Then the meeting leg is hung up all the same (Chime ends an empty meeting by itself)
        assertThat(hangup.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Hangup","Parameters":{"CallId":"7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910","SipResponseCode":0}}]"""));
    }

    private static void callerGoneMeetingLegUp(tools.jackson.databind.node.ObjectNode event) {
        event.withObject("CallDetails").set("Participants", Json.parse("""
                [{"CallId":"%s","ParticipantTag":"LEG-A","To":"+12065550100","From":"+15105550101","Direction":"Inbound",
                  "StartTimeInMilliseconds":"1700000000000","Status":"Disconnected"},
                 {"CallId":"7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910","ParticipantTag":"LEG-B","To":"SMA","From":"+17035550122",
                  "Direction":"Outbound","StartTimeInMilliseconds":"1700000002000","Status":"Connected"}]""".formatted(LEG_A)));
    }

    @Test
    void shouldApologiseAndHangUpWhenTheMeetingServiceFails() {
        // Given Chime SDK meetings failing
        chime.stubFor(post(urlEqualTo("/meetings"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "ServiceUnavailableException")
                        .withBody("""
                        {"Code":"ServiceUnavailable","Message":"Service unavailable"}""")));
        SmaLambda instance = SmaLambda.start(meetingEnv());
        SmaCall call = new SmaCall(instance, "meeting-503");

        // When a call arrives
        JsonNode response = call.send("new-inbound-call");

        // Then the caller gets the apology and a hang-up, after at most one retry of the request
        assertApologyAndHangup(response);
        assertThat(chime.findAll(postRequestedFor(urlEqualTo("/meetings")))).hasSizeBetween(1, 2);
    }

    @Test
    void shouldAnswerBeforeTheSmaRetriesWhenTheMeetingServiceIsSlow() {
        // Given a CreateMeeting that takes 6 s to answer, longer than the SMA waits
        chime.stubFor(post(urlEqualTo("/meetings"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withFixedDelay(6_000)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        SmaLambda instance = SmaLambda.start(meetingEnv());
        SmaCall call = new SmaCall(instance, "meeting-slow");

        // When a call arrives
        long start = System.nanoTime();
        JsonNode response = call.send("new-inbound-call");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // Then the answer (apology and hang-up) comes before the SMA's 5 s retry
        assertApologyAndHangup(response);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldStopCallingAFailingMeetingServiceAfterThreeFailuresInARow() {
        // Given Chime SDK meetings refusing every request
        chime.stubFor(post(urlEqualTo("/meetings"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "BadRequestException")
                        .withBody("""
                        {"Code":"BadRequest","Message":"bad"}""")));
        SmaLambda instance = SmaLambda.start(meetingEnv());

        // When four calls arrive one after another
        for (int i = 1; i <= 4; i++) {
            assertApologyAndHangup(new SmaCall(instance, "meeting-gate-" + i).send("new-inbound-call"));
        }

        // Then the fourth caller got the apology without another request to the failing service
        assertThat(chime.findAll(postRequestedFor(urlEqualTo("/meetings")))).hasSize(3);
    }

    @Test
    void shouldApologiseAndHangUpWhenJoiningTheMeetingFails() {
        // Given a caller joining a meeting
        meetingServiceWorks();
        SmaCall call = new SmaCall(lambda, "meeting-join-fails");
        call.send("new-inbound-call");

        // When the SMA cannot join the caller to it
        JsonNode response = call.send("action-failed-join-chime-meeting");

        // Then the caller gets the apology and a hang-up
        assertApologyAndHangup(response);
    }

    @Test
    void shouldJoinTheMeetingNamedInAnOutboundCallsArgumentsWhenAnswered() {
        // Given an outbound call placed with a meetingId in its ArgumentsMap
        meetingServiceWorks();
        SmaCall call = new SmaCall(lambda, "outbound-meeting");
        call.send("new-outbound-call", arguments(Map.of("meetingId", MEETING_ID, "campaign", "renewals")));
        assertThat(call.attribute("vbMeetingId")).isEqualTo(MEETING_ID);

        // When the called party answers (CALL_ANSWERED carries no arguments)
        JsonNode response = call.send("call-answered");

        // Then an attendee is added to that meeting (no new meeting) and the called party joins it
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"JoinChimeMeeting","Parameters":{"JoinToken":"%s","CallId":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                  "MeetingId":"%s"}}]""".formatted(JOIN_TOKEN, MEETING_ID)));
        chime.verify(0, postRequestedFor(urlEqualTo("/meetings")));
        chime.verify(1, postRequestedFor(urlEqualTo("/meetings/" + MEETING_ID + "/attendees")));

        // And when the called party hangs up later, the meeting (someone else's) is left alone
        call.send("hangup-leg-a");
        chime.verify(0, deleteRequestedFor(urlPathMatching("/meetings/.*")));
    }

    private static void assertApologyAndHangup(JsonNode response) {
        assertThat(response.get("Actions")).isEqualTo(Json.parse("""
                [{"Type":"Speak","Parameters":{"CallId":"%s",
                   "Text":"We are sorry, we cannot connect your call right now. Please try again later.",
                   "Engine":"neural","LanguageCode":"en-US","VoiceId":"Joanna"}},
                 {"Type":"Hangup","Parameters":{"CallId":"%s","SipResponseCode":480}}]""".formatted(LEG_A, LEG_A)));
    }
}
