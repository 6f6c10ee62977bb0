package dev.voicebridge.gateway.events.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.voicebridge.gateway.events.CallEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhook delivery over real HTTP to a WireMock receiver: signatures a receiver can check with the
 * secret alone, retries of a failing receiver, one call's events in order while another call's go
 * past, and what is never retried.
 */
class WebhookDeliveryTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    /** The application's clock, fixed: the timestamp header must come from it, not from the OS. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CallEvents events = new CallEvents(CLOCK);
    private WebhookDelivery delivery;

    @BeforeEach
    void startReceiver() {
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.close();
        }
        receiver.stop();
    }

    private void deliver(Duration backoff, Duration budget) {
        WebhookProperties properties = new WebhookProperties(
                receiver.baseUrl() + "/hooks", SECRET, Duration.ofSeconds(5), budget, backoff, backoff, 100, 8);
        delivery = new WebhookDelivery(properties, CLOCK, meters);
        events.listen(delivery);
    }

    @Test
    void shouldSignEveryWebhookSoTheReceiverCanVerifyItWithTheSecret() throws Exception {
        // Given a receiver that accepts everything
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        deliver(Duration.ofMillis(100), Duration.ofSeconds(10));

        // When a call starts
        events.publish("call-sign", "call.started", Map.of("transport", "WEBSOCKET"));

        // Then the receiver gets it with the Standard Webhooks headers
        LoggedRequest request = awaitRequests(1).getFirst();
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String body = request.getBodyAsString();
        assertThat(id).matches("msg_[0-9a-f]{32}");
        assertThat(timestamp).isEqualTo("1800000000");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        // And the signature is the HMAC-SHA256 of id.timestamp.body under the secret's key
        String expected = "v1," + Base64.getEncoder().encodeToString(hmac(SECRET, id + "." + timestamp + "." + body));
        assertThat(MessageDigest.isEqual(
                        request.getHeader("webhook-signature").getBytes(StandardCharsets.US_ASCII),
                        expected.getBytes(StandardCharsets.US_ASCII)))
                .as("signature %s matches %s", request.getHeader("webhook-signature"), expected)
                .isTrue();
        // And the body is the contract's event
        JsonNode event = JSON.readTree(body);
        assertThat(event.path("type").asString()).isEqualTo("call.started");
        assertThat(event.path("timestamp").asString()).isEqualTo("2027-01-15T08:00:00Z");
        assertThat(event.path("data").path("callId").asString()).isEqualTo("call-sign");
        assertThat(event.path("data").path("seq").asLong()).isEqualTo(1);
        assertThat(event.path("data").path("transport").asString()).isEqualTo("WEBSOCKET");
        // (counted once the response is read, which can be after the receiver logged the request)
        await(() -> counter("voicebridge.webhook.delivered") == 1, "the delivery counted");
    }

    @Test
    void shouldRetryAFailingReceiverAndDeliverTheEventWithTheSameId() {
        // Given a receiver that fails with 500 once, then accepts
        receiver.stubFor(post(urlEqualTo("/hooks"))
                .inScenario("flaky")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500))
                .willSetStateTo("up"));
        receiver.stubFor(post(urlEqualTo("/hooks"))
                .inScenario("flaky")
                .whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        deliver(Duration.ofMillis(50), Duration.ofSeconds(10));

        // When an event is published
        events.publish("call-retry", "call.started", Map.of());

        // Then it is tried again and delivered, under the same webhook-id
        List<LoggedRequest> requests = awaitRequests(2);
        assertThat(requests.get(0).getHeader("webhook-id"))
                .isEqualTo(requests.get(1).getHeader("webhook-id"));
        await(() -> counter("voicebridge.webhook.delivered") == 1, "the event delivered");
        assertThat(meters.get("voicebridge.webhook.failures")
                        .tag("cause", "status")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepOneCallsEventsInOrderWhileItsFirstIsRetriedAndLetOtherCallsPass() {
        // Given a receiver that fails the first attempt at call A's first event
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200)));
        receiver.stubFor(post(urlEqualTo("/hooks"))
                .withRequestBody(containing("\"callId\":\"call-a\",\"seq\":1"))
                .inScenario("first")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("recovered"));
        deliver(Duration.ofMillis(400), Duration.ofSeconds(10));

        // When call A publishes three events and call B one, right after
        events.publish("call-a", "call.started", Map.of());
        events.publish("call-a", "call.answered", Map.of());
        events.publish("call-a", "call.state", Map.of("state", "READY"));
        events.publish("call-b", "call.started", Map.of());

        // Then A's events arrive 1, 1 (the retry), 2, 3 and B's does not wait behind A's retry
        List<String> arrived = awaitRequests(5).stream()
                .map(r -> JSON.readTree(r.getBodyAsString()).path("data"))
                .map(d -> d.path("callId").asString() + "#" + d.path("seq").asLong())
                .toList();
        assertThat(arrived.stream().filter(s -> s.startsWith("call-a")))
                .containsExactly("call-a#1", "call-a#1", "call-a#2", "call-a#3");
        assertThat(arrived.indexOf("call-b#1"))
                .as("call B's event arrives before call A's retry")
                .isLessThan(arrived.lastIndexOf("call-a#1"));
    }

    @Test
    void shouldProbeADownReceiverOneAttemptAtATimeAndDeliverEveryCallsEventsInOrderWhenItIsBack() {
        // Given a receiver that fails every request, and 20 live calls with an event each
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(503)));
        deliver(Duration.ofMillis(50), Duration.ofSeconds(30));
        for (int call = 0; call < 20; call++) {
            events.publish("call-down-" + call, "call.started", Map.of("transport", "SIP"));
            events.publish("call-down-" + call, "call.answered", Map.of("state", "CONNECTED"));
        }

        // When it stays down for 2 s
        long downUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        await(() -> System.nanoTime() > downUntil, "2 s of a receiver that is down");

        // Then it was probed one request at a time (every 50 ms at most), not retried by every call
        // (20 calls retrying every 50 ms would be 800 requests)
        int whileDown = receiver.getAllServeEvents().size();
        assertThat(whileDown).isBetween(3, 70);
        assertThat(meters.get("voicebridge.webhook.receiver.down").gauge().value())
                .isEqualTo(1.0);

        // When it is back, Then every call's events arrive, in order per call, and none was dropped
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        await(() -> meters.get("voicebridge.webhook.delivered").counter().count() >= 40, "all 40 events");
        for (int call = 0; call < 20; call++) {
            String id = "call-down-" + call;
            List<String> types = receiver.getAllServeEvents().stream()
                    .filter(e -> e.getResponse().getStatus() == 204)
                    .map(e -> JSON.readTree(e.getRequest().getBodyAsString()))
                    .filter(body -> body.path("data").path("callId").asString().equals(id))
                    .sorted(java.util.Comparator.comparingLong(
                            body -> body.path("data").path("seq").asLong()))
                    .map(body -> body.path("type").asString())
                    .toList();
            assertThat(types).containsExactly("call.started", "call.answered");
        }
        assertThat(meters.find("voicebridge.webhook.dropped").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(meters.get("voicebridge.webhook.receiver.down").gauge().value())
                .isZero();
    }

    @Test
    void shouldHonourRetryAfter() {
        // Given a receiver that asks for 1 s of patience once
        receiver.stubFor(post(urlEqualTo("/hooks"))
                .inScenario("busy")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("free"));
        receiver.stubFor(post(urlEqualTo("/hooks"))
                .inScenario("busy")
                .whenScenarioStateIs("free")
                .willReturn(aResponse().withStatus(200)));
        deliver(Duration.ofMillis(10), Duration.ofSeconds(10));

        // When an event is published
        events.publish("call-busy", "call.started", Map.of());

        // Then the retry waits at least the second it was asked to (not the 10 ms backoff)
        List<LoggedRequest> requests = awaitRequests(2);
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(950);
    }

    @Test
    void shouldDropWithoutRetryWhatTheReceiverRefusesAndCountIt() throws InterruptedException {
        // Given a receiver that refuses the request as bad
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(400)));
        deliver(Duration.ofMillis(10), Duration.ofSeconds(10));

        // When an event is published
        events.publish("call-refused", "call.started", Map.of());

        // Then it is dropped and counted after one attempt
        await(() -> dropped("rejected") == 1, "the refused event counted");
        Thread.sleep(200); // a retry would come within 10 ms
        assertThat(receiver.getAllServeEvents()).hasSize(1);
    }

    @Test
    void shouldDropAnEventOnceTheRetryBudgetIsSpentAndCountIt() {
        // Given a receiver that always fails
        receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(502)));
        deliver(Duration.ofMillis(50), Duration.ofMillis(400));

        // When an event is published
        events.publish("call-budget", "call.started", Map.of());

        // Then it was tried a few times, then dropped and counted
        await(() -> dropped("retries_exhausted") == 1, "the event dropped");
        assertThat(receiver.getAllServeEvents().size()).isBetween(2, 9);
    }

    private double dropped(String reason) {
        return meters.get("voicebridge.webhook.dropped")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    /** The receiver's requests in the order they arrived, once there are {@code n}. */
    private List<LoggedRequest> awaitRequests(int n) {
        await(() -> receiver.getAllServeEvents().size() >= n, n + " requests");
        // WireMock lists the newest first
        return receiver.getAllServeEvents().reversed().stream()
                .map(e -> e.getRequest())
                .toList();
    }

    private static byte[] hmac(String secret, String content) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
