package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.voicebridge.gateway.logging.LogCapture;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/meetings on the whole gateway, WireMock playing chime-sdk-meetings and Chime SDK Voice:
 * what CreateMeeting and CreateAttendee are asked, the join information amazon-chime-sdk-js gets,
 * the dial into the meeting through the SMA, and the refusals that must never reach AWS.
 */
class MeetingsApiTest extends AdminApplicationTest {

    private static final String MEETING_ID = "4a1f2b3c-5d6e-4f70-8192-a3b4c5d6e7f8";
    private static final String ATTENDEE_ID = "9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    private static final String JOIN_TOKEN = "OWI4YTdjNmQtNWU0Zi00YTNiLTljMmQtMWUwZjlhOGI3YzZkOmpvaW4tc2VjcmV0";
    private static final String CALLS = "/sip-media-applications/" + OUTBOUND_SMA + "/calls";

    /** The CreateMeeting answer as AWS words it (API_meeting-chime_CreateMeeting). */
    private static final String MEETING =
            """
            {"MeetingId":"%s","MeetingHostId":null,"ExternalMeetingId":"voicebridge-x","MediaRegion":"us-west-2",
             "MediaPlacement":{"AudioHostUrl":"abc.k.m1.uw2.app.chime.aws:3478",
               "AudioFallbackUrl":"wss://haxrp.m1.uw2.app.chime.aws:443/calls/%s",
               "SignalingUrl":"wss://signal.m1.uw2.app.chime.aws/control/%s",
               "TurnControlUrl":"https://2713.cell.us-west-2.meetings.chime.aws/v2/turn_sessions",
               "ScreenDataUrl":"wss://bitpw.m1.uw2.app.chime.aws:443/v2/screen/%s",
               "ScreenViewingUrl":"wss://bitpw.m1.uw2.app.chime.aws:443/ws/connect?passcode=null&viewer_uuid=null",
               "ScreenSharingUrl":"wss://bitpw.m1.uw2.app.chime.aws:443/v2/screen/%s",
               "EventIngestionUrl":"https://data.svc.uw2.ingest.chime.aws/v1/client-events"},
             "MeetingArn":"arn:aws:chime:us-west-2:123456789012:meeting/%s"}""".formatted(MEETING_ID, MEETING_ID, MEETING_ID, MEETING_ID, MEETING_ID, MEETING_ID);

    private static final String ATTENDEE = """
            {"ExternalUserId":"operator@example.com","AttendeeId":"%s","JoinToken":"%s",
             "Capabilities":{"Audio":"SendReceive","Video":"SendReceive","Content":"SendReceive"}}""".formatted(ATTENDEE_ID, JOIN_TOKEN);

    @BeforeAll
    static void awsAnswers() {
        WireMockServer aws = IdentityProvider.server();
        aws.stubFor(
                post(urlPathEqualTo("/meetings")).atPriority(10).willReturn(okJson("{\"Meeting\":" + MEETING + "}")));
        aws.stubFor(post(urlPathEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                .willReturn(okJson("{\"Attendee\":" + ATTENDEE + "}")));
        aws.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlPathEqualTo("/meetings/" + MEETING_ID))
                .willReturn(aResponse().withStatus(204)));
        aws.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550170")))
                .atPriority(1)
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-meeting-170\"}}")));
        aws.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550429")))
                .atPriority(1)
                .willReturn(throttled("ThrottledClientException")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder throttled(String code) {
        return aResponse()
                .withStatus(429)
                .withHeader("x-amzn-ErrorType", code)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Code\":\"" + code + "\",\"Message\":\"Rate exceeded\"}");
    }

    private static int awsRequests() {
        return IdentityProvider.server().getAllServeEvents().size();
    }

    @Test
    void shouldCreateAMeetingAndAnAttendeeForThePrincipalAndAnswerTheJoinInfo() {
        // Given an operator signed in through the identity provider
        String token = IdentityProvider.token(
                IdentityProvider.KEY, IdentityProvider.AUDIENCE, Instant.now().plusSeconds(600));
        int before = count(postRequestedFor(urlPathEqualTo("/meetings")));

        // When the console asks for a meeting
        HttpResponse<String> started;
        // (with Spring's and the AWS SDK's DEBUG logging on, as an operator might switch it on)
        try (DebugLogs spring = DebugLogs.on("org.springframework");
                DebugLogs aws = DebugLogs.on("software.amazon.awssdk");
                LogCapture logs = LogCapture.start()) {
            started = http().post("/api/meetings", token, "");

            // Then the join token is in the answer but in no log line
            assertThat(logs.events())
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains(JOIN_TOKEN));
            assertThat(logs.messages(
                            dev.voicebridge.gateway.meetings.MeetingStarter.class, ch.qos.logback.classic.Level.INFO))
                    .anyMatch(line -> line.startsWith("operator@example.com started meeting " + MEETING_ID));
        }

        // Then it is created with the join information amazon-chime-sdk-js takes, in AWS's own JSON shape
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(started.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode body = json(started);
        assertThat(body.path("meeting").path("Meeting"))
                .isEqualTo(AdminHttp.JSON.readTree(MEETING.replace("\"MeetingHostId\":null,", "")));
        assertThat(body.path("attendee").path("Attendee")).isEqualTo(AdminHttp.JSON.readTree(ATTENDEE));
        assertThat(body.has("call")).isFalse();
        OpenApiSchemaCheck schemas = new OpenApiSchemaCheck(
                new Yaml().load(http().get("/api/openapi.yaml", ADMIN_TOKEN).body()));
        assertThat(schemas.check(body, "MeetingStarted")).isEmpty();
        // And CreateMeeting was asked once, idempotently, in the configured media Region; the attendee is the principal
        assertThat(count(postRequestedFor(urlPathEqualTo("/meetings")))).isEqualTo(before + 1);
        IdentityProvider.server()
                .verify(postRequestedFor(urlPathEqualTo("/meetings")).withRequestBody(equalToJson("""
                {"ClientRequestToken":"${json-unit.regex}[0-9a-f-]{36}",
                 "ExternalMeetingId":"${json-unit.regex}voicebridge-[0-9a-f-]{36}","MediaRegion":"us-west-2"}""")));
        IdentityProvider.server()
                .verify(postRequestedFor(urlPathEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                        .withRequestBody(equalToJson("{\"ExternalUserId\":\"operator@example.com\"}")));
    }

    @Test
    void shouldAskTheSmaToDialTheNumberIntoThatMeeting() {
        // Given a gateway allowed to dial +1415 numbers on its SIP media application
        // When the console asks for a meeting with a phone leg
        HttpResponse<String> started = http().post("/api/meetings", ADMIN_TOKEN, """
                {"dial":"+14155550170","from":"+12065550100"}""");

        // Then the meeting is made and the SMA is asked to dial, naming that meeting for its Lambda
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        assertThat(json(started).path("call").path("id").asString()).isEqualTo("tx-meeting-170");
        assertThat(json(started)
                        .path("meeting")
                        .path("Meeting")
                        .path("MeetingId")
                        .asString())
                .isEqualTo(MEETING_ID);
        IdentityProvider.server()
                .verify(1, postRequestedFor(urlPathEqualTo(CALLS)).withRequestBody(equalToJson("""
                {"FromPhoneNumber":"+12065550100","ToPhoneNumber":"+14155550170",
                 "ArgumentsMap":{"vbRequestId":"${json-unit.any-string}","meetingId":"%s"}}""".formatted(
                                MEETING_ID))));
        // And the admin token's principal is the attendee
        IdentityProvider.server()
                .verify(postRequestedFor(urlPathEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                        .withRequestBody(equalToJson("{\"ExternalUserId\":\"admin-token\"}")));
    }

    @Test
    void shouldRefuseBadNumbersAndDisallowedDestinationsNamingTheFieldWithoutAskingAws() {
        // Given the API, dialling allowed to +1415 and +1206 only
        int before = awsRequests();

        // When the request is malformed or dials where it may not
        HttpResponse<String> badDial = http().post("/api/meetings", ADMIN_TOKEN, """
                {"dial":"0044 20 7946 0958","from":"+12065550100"}""");
        HttpResponse<String> badFrom = http().post("/api/meetings", ADMIN_TOKEN, """
                {"dial":"+14155550170","from":"2065550100"}""");
        HttpResponse<String> noFrom = http().post("/api/meetings", ADMIN_TOKEN, """
                {"dial":"+14155550170"}""");
        HttpResponse<String> premium = http().post("/api/meetings", ADMIN_TOKEN, """
                {"dial":"+882345678901","from":"+12065550100"}""");
        HttpResponse<String> unknown = http().post("/api/meetings", ADMIN_TOKEN, """
                {"room":"sales"}""");
        HttpResponse<String> notJson = http().post("/api/meetings", ADMIN_TOKEN, "{\"dial\":");

        // Then each is a problem naming the field or setting, and nothing was sent to AWS
        assertProblem(badDial, 400, "dial must be an E.164 number");
        assertProblem(badFrom, 400, "from must be an E.164 number");
        assertProblem(noFrom, 400, "from is required with dial");
        assertProblem(premium, 403, "dial: +882345678901 is outside GATEWAY_OUTBOUND_ALLOWED_PREFIXES");
        assertProblem(unknown, 400, "unknown field 'room'");
        assertProblem(notJson, 400, "not valid JSON");
        assertThat(awsRequests()).isEqualTo(before);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenChimeMeetingsThrottles() {
        // Given chime-sdk-meetings throttling CreateMeeting
        StubMapping throttling = IdentityProvider.server()
                .stubFor(post(urlPathEqualTo("/meetings")).atPriority(1).willReturn(throttled("ThrottlingException")));
        try {
            // When the console asks for a meeting
            HttpResponse<String> refused = http().post("/api/meetings", ADMIN_TOKEN, "");

            // Then it is told to retry later, and no attendee was made
            assertProblem(refused, 503, "chime-sdk-meetings is throttling CreateMeeting");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        } finally {
            IdentityProvider.server().removeStub(throttling);
        }
    }

    @Test
    void shouldAnswer502NamingThePermissionWhenChimeMeetingsRefuses() {
        // Given a gateway role without chime:CreateMeeting
        StubMapping forbidden = IdentityProvider.server()
                .stubFor(post(urlPathEqualTo("/meetings"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withHeader("x-amzn-ErrorType", "ForbiddenException")
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"Code\":\"Forbidden\",\"Message\":\"not authorized\"}")));
        try {
            // When the console asks for a meeting
            HttpResponse<String> refused = http().post("/api/meetings", ADMIN_TOKEN, "");

            // Then it is a bad gateway that names the permission to check
            assertProblem(refused, 502, "chime:CreateMeeting");
            assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        } finally {
            IdentityProvider.server().removeStub(forbidden);
        }
    }

    @Test
    void shouldEndTheMeetingAgainWhenTheSmaCannotDialIntoIt() {
        // Given Chime SDK Voice throttling calls to +14155550429
        int deletes = count(deleteRequestedFor(urlPathEqualTo("/meetings/" + MEETING_ID)));

        // When the console asks for a meeting dialling that number
        HttpResponse<String> refused = http().post("/api/meetings", ADMIN_TOKEN, """
                {"dial":"+14155550429","from":"+12065550100"}""");

        // Then it is told to retry later, and the meeting made for it is ended rather than left empty
        assertProblem(refused, 503, "Chime SDK Voice could not dial now");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(count(deleteRequestedFor(urlPathEqualTo("/meetings/" + MEETING_ID))))
                .isEqualTo(deletes + 1);
    }

    @Test
    void shouldRefuseAnUnauthenticatedRequestWithoutAskingAws() {
        // Given the API
        int before = awsRequests();

        // When a request comes without a token, or with a wrong one
        HttpResponse<String> none = http().post("/api/meetings", null, "");
        HttpResponse<String> wrong = http().post("/api/meetings", "not-the-token", "");

        // Then both are 401 and AWS never heard of them
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(awsRequests()).isEqualTo(before);
    }

    private static int count(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        return IdentityProvider.server().countRequestsMatching(pattern.build()).getCount();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).path("detail").asString()).contains(detail);
    }
}
