package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * POST /api/calls on the whole gateway, WireMock playing Chime SDK Voice: what reaches
 * CreateSipMediaApplicationCall, the record in the call registry, idempotent retries, and the
 * refusals that must never reach AWS.
 */
class PlaceCallApiTest extends AdminApplicationTest {

    private static final String CALLS = "/sip-media-applications/" + OUTBOUND_SMA + "/calls";

    @Autowired
    DefaultCallSessions sessions;

    @BeforeAll
    static void chimeAnswers() {
        WireMockServer chime = IdentityProvider.server();
        chime.stubFor(post(urlPathEqualTo(CALLS))
                .atPriority(10)
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-out-default\"}}")));
        chime.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550101")))
                .atPriority(1)
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-out-101\"}}")));
        chime.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550102")))
                .atPriority(1)
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-out-102\"}}")));
        chime.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550429")))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("x-amzn-ErrorType", "ThrottledClientException")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"Code\":\"ThrottledClientException\",\"Message\":\"Rate exceeded\"}")));
    }

    private static RequestPatternBuilder createCall() {
        return postRequestedFor(urlPathEqualTo(CALLS));
    }

    private static int createCalls() {
        return IdentityProvider.server()
                .countRequestsMatching(createCall().build())
                .getCount();
    }

    private static String body(String to) {
        return """
                {"to":"%s","from":"+12065550100","profile":"default",
                 "instructions":"You are calling to confirm a dental appointment.","voice":"cedar",
                 "greeting":"Hello, this is the clinic.","metadata":{"crmId":"42"}}""".formatted(to);
    }

    @Test
    void shouldPlaceTheCallThroughTheSmaAndRecordItAsAnOutboundCall() {
        // Given a gateway allowed to dial +1415 numbers on its SIP media application
        AdminHttp http = http();

        // When an application asks for a call
        HttpResponse<String> placed = http.post("/api/calls", ADMIN_TOKEN, body("+14155550101"));

        // Then it is accepted with the call's id, the SMA TransactionId that every part names it by
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(json(placed).path("id").asString()).isEqualTo("tx-out-101");
        assertThat(json(placed).path("state").asString()).isEqualTo("RINGING");
        assertThat(placed.headers().firstValue("Location")).hasValue("/api/calls/tx-out-101");
        // (as the OpenAPI description says, request and answer)
        OpenApiSchemaCheck schemas = new OpenApiSchemaCheck(
                new Yaml().load(http.get("/api/openapi.yaml", ADMIN_TOKEN).body()));
        assertThat(schemas.check(json(placed), "CallPlaced")).isEmpty();
        assertThat(schemas.check(AdminHttp.JSON.readTree(body("+14155550101")), "PlaceCall"))
                .isEmpty();
        // And Chime SDK Voice was asked to dial from the account's number, with the request's id and profile
        IdentityProvider.server().verify(1, createCall().withRequestBody(equalToJson("""
                                        {"FromPhoneNumber":"+12065550100","ToPhoneNumber":"+14155550101",
                                         "ArgumentsMap":{"vbRequestId":"${json-unit.any-string}","vbProfile":"default"}}""")));
        // And the call registry has it as an outbound call, ringing, with why
        JsonNode call = json(http.get("/api/calls/tx-out-101", ADMIN_TOKEN));
        assertThat(call.path("direction").asString()).isEqualTo("OUTBOUND");
        assertThat(call.path("state").asString()).isEqualTo("RINGING");
        assertThat(call.path("to").asString()).isEqualTo("+14155550101");
        assertThat(call.path("sipMediaApplicationId").asString()).isEqualTo(OUTBOUND_SMA);
        assertThat(call.path("states").get(0).path("reason").asString()).isEqualTo("placed through the calls API");
        // And the application's metadata comes back as the object it sent
        assertThat(call.path("metadata").path("crmId").asString()).isEqualTo("42");
        assertThat(schemas.check(call, "CallDetail")).isEmpty();
    }

    @Test
    void shouldPlaceOneCallWhenAPostIsRetriedWithTheSameIdempotencyKey() {
        // Given a call placed with an Idempotency-Key
        AdminHttp http = http();
        HttpResponse<String> first =
                http.post("/api/calls", ADMIN_TOKEN, body("+14155550102"), "Idempotency-Key", "order-7-reminder");

        // When the client retries the same request, and then reuses the key for another call
        HttpResponse<String> retry =
                http.post("/api/calls", ADMIN_TOKEN, body("+14155550102"), "Idempotency-Key", "order-7-reminder");
        HttpResponse<String> reused =
                http.post("/api/calls", ADMIN_TOKEN, body("+14155550103"), "Idempotency-Key", "order-7-reminder");

        // Then the retry answers the same call and AWS was asked once; the reuse is refused, naming the key
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(json(retry).path("id").asString())
                .isEqualTo(json(first).path("id").asString());
        IdentityProvider.server()
                .verify(1, createCall().withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550102"))));
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json(reused).path("detail").asString()).contains("Idempotency-Key");
        IdentityProvider.server()
                .verify(0, createCall().withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550103"))));
    }

    @Test
    void shouldRefuseNumbersThatAreNotE164NamingTheFieldWithoutAskingAws() {
        // Given the API
        AdminHttp http = http();
        int before = createCalls();

        // When the destination or the caller id is not an E.164 number
        HttpResponse<String> badTo = http.post("/api/calls", ADMIN_TOKEN, """
                {"to":"0044 20 7946 0958","from":"+12065550100"}""");
        HttpResponse<String> badFrom = http.post("/api/calls", ADMIN_TOKEN, """
                {"to":"+14155550111","from":"2065550100"}""");
        HttpResponse<String> missing = http.post("/api/calls", ADMIN_TOKEN, """
                {"from":"+12065550100"}""");

        // Then each is a 400 problem+json naming the field, and nothing was sent to AWS
        assertProblem(badTo, 400, "to must be an E.164 number");
        assertProblem(badFrom, 400, "from must be an E.164 number");
        assertProblem(missing, 400, "to is required");
        assertThat(createCalls()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAProfileThatIsNotDefinedWithoutAskingAws() {
        // Given a gateway with the profiles 'default' and 'support' only
        int before = createCalls();

        // When an application asks for it
        HttpResponse<String> refused = http().post("/api/calls", ADMIN_TOKEN, """
                {"to":"+14155550111","from":"+12065550100","profile":"billing"}""");

        // Then it is a 400 naming the profile and the ones there are, and AWS never heard of it
        assertProblem(refused, 400, "profile 'billing' is not defined; the profiles are [default, support]");
        assertThat(createCalls()).isEqualTo(before);
    }

    @Test
    void shouldRefuseADestinationOutsideTheAllowedPrefixesWithoutAskingAws() {
        // Given a gateway allowed to dial +1415 and +1206 only
        int before = createCalls();

        // When an application asks for a premium-rate number abroad
        HttpResponse<String> refused = http().post("/api/calls", ADMIN_TOKEN, body("+882345678901"));

        // Then it is forbidden, naming the field and the setting, and AWS never heard of it
        assertProblem(refused, 403, "to: +882345678901 is outside GATEWAY_OUTBOUND_ALLOWED_PREFIXES");
        assertThat(createCalls()).isEqualTo(before);
    }

    @Test
    void shouldRefuseMalformedJsonAndFieldsOfTheWrongShapeWithoutAskingAws() {
        // Given the API
        AdminHttp http = http();
        int before = createCalls();

        // When the body is not JSON, is empty, or has a field of the wrong type or an unknown field
        HttpResponse<String> notJson = http.post("/api/calls", ADMIN_TOKEN, "{\"to\":\"+14155550111\",");
        HttpResponse<String> empty = http.post("/api/calls", ADMIN_TOKEN, "");
        HttpResponse<String> badMetadata = http.post("/api/calls", ADMIN_TOKEN, """
                {"to":"+14155550111","from":"+12065550100","metadata":"crm-42"}""");
        HttpResponse<String> badVoice = http.post("/api/calls", ADMIN_TOKEN, """
                {"to":"+14155550111","from":"+12065550100","voice":7}""");
        HttpResponse<String> unknown = http.post("/api/calls", ADMIN_TOKEN, """
                {"to":"+14155550111","from":"+12065550100","tone":"cheerful"}""");

        // Then each is a 400 that says what was wrong, and nothing was sent to AWS
        assertProblem(notJson, 400, "not valid JSON");
        assertProblem(empty, 400, "must be a JSON object");
        assertProblem(badMetadata, 400, "metadata must be a JSON object");
        assertProblem(badVoice, 400, "voice must be a string");
        assertProblem(unknown, 400, "unknown field 'tone'");
        assertThat(createCalls()).isEqualTo(before);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenChimeThrottles() {
        // Given Chime SDK Voice throttling this account's calls
        // When an application asks for a call
        HttpResponse<String> throttled = http().post("/api/calls", ADMIN_TOKEN, body("+14155550429"));

        // Then the answer says to come back later, and when
        assertProblem(throttled, 503, "throttling");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void shouldAnswer503WithoutAskingAwsWhenTheGatewayCannotTakeTheCall() {
        // Given a gateway that takes no new calls (draining; a full one answers the same)
        int before = createCalls();
        sessions.setDraining(true);
        HttpResponse<String> refused;
        try {
            // When an application asks for a call
            refused = http().post("/api/calls", ADMIN_TOKEN, body("+14155550104"));
        } finally {
            sessions.setDraining(false);
        }

        // Then nobody's phone rings for a call the gateway would refuse on answer
        assertProblem(refused, 503, "at capacity");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(createCalls()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAPostWithoutAdminCredentials() {
        // Given no token
        int before = createCalls();

        // When someone asks for a call
        HttpResponse<String> refused = http().post("/api/calls", null, body("+14155550105"));

        // Then it is unauthorised, and nothing was sent to AWS
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(createCalls()).isEqualTo(before);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).path("detail").asString()).contains(detail);
    }
}
