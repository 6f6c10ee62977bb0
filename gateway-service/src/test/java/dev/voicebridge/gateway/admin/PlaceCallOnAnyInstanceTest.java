package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.voicebridge.simulator.RealtimeSimulator;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances behind one load balancer, sharing the registry and placed-calls tables on
 * DynamoDB Local, WireMock playing Chime SDK Voice: a POST and its retry landing on different
 * instances place one call; another request with the key is refused; a retry while the first is still
 * in AWS is told so (409) and, retried after it, answers the first call.
 */
class PlaceCallOnAnyInstanceTest {

    private static final String SMA = "sma-any-1";
    private static final String CALLS = "/sip-media-applications/" + SMA + "/calls";

    private static RealtimeSimulator azure;
    private static GatewayRun a;
    private static GatewayRun b;

    @BeforeAll
    static void twoInstances() {
        WireMockServer chime = IdentityProvider.server();
        chime.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550301")))
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-any-301\"}}")));
        chime.stubFor(post(urlPathEqualTo(CALLS))
                .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo("+14155550302")))
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-any-302\"}}")
                        .withFixedDelay(6_000)));
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("voicebridge.registry.table", SharedTables.newRegistry());
        shared.put("voicebridge.registry.endpoint", SharedTables.endpoint().toString());
        shared.put("voicebridge.tools.chime-endpoint", IdentityProvider.baseUrl());
        shared.put("voicebridge.outbound.sma-id", SMA);
        shared.put("voicebridge.outbound.allowed-prefixes", "+1415");
        azure = RealtimeSimulator.start();
        a = new GatewayRun(azure, shared);
        b = new GatewayRun(azure, shared);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    private static String body(String to, String instructions) {
        return """
                {"to":"%s","from":"+12065550100","instructions":"%s","metadata":{"order":"7"}}""".formatted(to, instructions);
    }

    private static int createCalls(String to) {
        return IdentityProvider.server()
                .countRequestsMatching(postRequestedFor(urlPathEqualTo(CALLS))
                        .withRequestBody(matchingJsonPath("$.ToPhoneNumber", equalTo(to)))
                        .build())
                .getCount();
    }

    @Test
    void shouldPlaceOneCallWhenARetryLandsOnAnotherInstance() {
        // Given a call placed on instance A with an Idempotency-Key
        HttpResponse<String> first = a.http.post(
                "/api/calls",
                AdminApplicationTest.ADMIN_TOKEN,
                body("+14155550301", "Remind about order 7."),
                "Idempotency-Key",
                "order-7-any");

        // When the client's retry reaches instance B, and then B gets the key with another body
        HttpResponse<String> retry = b.http.post(
                "/api/calls",
                AdminApplicationTest.ADMIN_TOKEN,
                body("+14155550301", "Remind about order 7."),
                "Idempotency-Key",
                "order-7-any");
        HttpResponse<String> reused = b.http.post(
                "/api/calls",
                AdminApplicationTest.ADMIN_TOKEN,
                body("+14155550301", "Something else."),
                "Idempotency-Key",
                "order-7-any");

        // Then both answer the same call, and Chime SDK Voice was asked to dial once
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(json(first).path("id").asString()).isEqualTo("tx-any-301");
        assertThat(json(retry).path("id").asString()).isEqualTo("tx-any-301");
        assertThat(createCalls("+14155550301")).isEqualTo(1);
        // And the other body is a 422 problem naming the key, placing nothing
        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(reused).path("detail").asString()).contains("Idempotency-Key 'order-7-any'");
        assertThat(createCalls("+14155550301")).isEqualTo(1);
        // And B reads the call, with the application's metadata, from the shared registry
        assertThat(json(b.http.get("/api/calls/tx-any-301", AdminApplicationTest.ADMIN_TOKEN))
                        .path("metadata")
                        .path("order")
                        .asString())
                .isEqualTo("7");
    }

    @Test
    void shouldTellARetryThatTheFirstRequestIsStillPlacingItsCallThenAnswerIt() throws Exception {
        // Given a POST on A whose CreateSipMediaApplicationCall takes 6 s
        String request = body("+14155550302", "Confirm the delivery.");
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() ->
                a.http.post("/api/calls", AdminApplicationTest.ADMIN_TOKEN, request, "Idempotency-Key", "delivery-9"));
        await(() -> createCalls("+14155550302") == 1, "A's request reached Chime SDK Voice");

        // When its retry reaches B while A still waits for AWS, and again after A answered
        HttpResponse<String> early =
                b.http.post("/api/calls", AdminApplicationTest.ADMIN_TOKEN, request, "Idempotency-Key", "delivery-9");
        HttpResponse<String> placed = first.get(20, TimeUnit.SECONDS);
        HttpResponse<String> later =
                b.http.post("/api/calls", AdminApplicationTest.ADMIN_TOKEN, request, "Idempotency-Key", "delivery-9");

        // Then the early retry is a 409 problem with Retry-After, the later one answers A's call,
        // and only A's request reached AWS
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(early.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(early).path("detail").asString()).contains("still placing");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(later.statusCode()).as(later.body()).isEqualTo(202);
        assertThat(json(later).path("id").asString()).isEqualTo("tx-any-302");
        assertThat(createCalls("+14155550302")).isEqualTo(1);
    }
}
