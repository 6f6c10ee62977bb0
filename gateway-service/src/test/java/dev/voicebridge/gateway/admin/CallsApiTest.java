package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.event.Direction;
import dev.voicebridge.simulator.SessionRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The calls API on a real WebSocket call through the whole gateway, Azure played by the simulator. */
class CallsApiTest extends AdminApplicationTest {

    @Autowired
    CallRegistry registry;

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.path("calls").spliterator(), false)
                .map(c -> c.path("callId").asString())
                .toList();
    }

    @Test
    void shouldListShowAndHangUpALiveCallWithItsStatesLegsAndMediaStats() {
        AdminHttp http = http();
        int before = AZURE.sessions().size();
        try (MediaCaller caller = MediaCaller.call(http.media(), MEDIA_TOKEN, "gw-call-1", "sma-tx-1")) {
            // Given a live call whose Azure session is set up and that has carried a caller turn
            SessionRecord azure = AZURE.awaitSession(before + 1, WAIT);
            azure.awaitServerEvent("session.updated", java.time.Duration.ofSeconds(20));
            http.awaitReady("gw-call-1", ADMIN_TOKEN);
            caller.speakThenPause(600, 600);
            await(() -> caller.received().stream().anyMatch(m -> m.contains("\"media\"")), "assistant audio");

            // When an admin lists connected calls and reads the call
            JsonNode list = json(http.get("/api/calls?state=connected", ADMIN_TOKEN));
            JsonNode call = await(
                    () -> {
                        JsonNode c = json(http.get("/api/calls/sma-tx-1", ADMIN_TOKEN));
                        return c.path("media").path("framesIn").asLong() > 0
                                        && c.path("legs").size() > 0
                                ? c
                                : null;
                    },
                    "the call with media stats");

            // Then the call is listed as live under its SMA transaction id, with its history, its
            // gateway leg and real media counters
            assertThat(ids(list)).contains("sma-tx-1");
            assertThat(list.path("stateFilter").asString()).isEqualTo("CONNECTED");
            assertThat(call.path("state").asString()).isEqualTo("CONNECTED");
            assertThat(call.path("smaTransactionId").asString()).isEqualTo("sma-tx-1");
            assertThat(call.path("states").findValuesAsString("state")).containsExactly("RINGING", "CONNECTED");
            assertThat(call.path("legs").get(0).path("legId").asString()).isEqualTo("gw-call-1");
            assertThat(call.path("legs").get(0).path("role").asString()).isEqualTo("GATEWAY");
            JsonNode media = call.path("media");
            assertThat(media.path("transport").asString()).isEqualTo("WEBSOCKET");
            assertThat(media.path("framesIn").asLong()).isPositive();
            assertThat(media.path("bytesToAzure").asLong()).isPositive();
            assertThat(media.has("jitterMs")).isTrue();
            assertThat(call.path("azureUsage").isObject()).isTrue();

            // When the admin hangs it up
            HttpResponse<String> hangup = http.post("/api/calls/sma-tx-1/hangup", ADMIN_TOKEN);

            // Then the hang-up is accepted, the caller's stream is closed, and the registry says why
            assertThat(hangup.statusCode()).isEqualTo(202);
            assertThat(json(hangup).path("via").asString()).isEqualTo("gateway");
            caller.awaitClose(WAIT);
            JsonNode ended = await(
                    () -> {
                        JsonNode c = json(http.get("/api/calls/sma-tx-1", ADMIN_TOKEN));
                        return "ENDED".equals(c.path("state").asString()) ? c : null;
                    },
                    "the call to be ENDED in the registry");
            assertThat(ended.path("endReason").asString()).isEqualTo("ADMIN_HANGUP");
            assertThat(ended.path("legs").get(0).path("state").asString()).isEqualTo("DISCONNECTED");
            assertThat(ended.path("media").path("framesIn").asLong()).isPositive();
            assertThat(json(http.get("/api/calls?state=ENDED", ADMIN_TOKEN))
                            .path("calls")
                            .get(0)
                            .path("live")
                            .asBoolean())
                    .isFalse();
            // And a second hang-up of the ended call is a conflict, as problem+json
            HttpResponse<String> again = http.post("/api/calls/sma-tx-1/hangup", ADMIN_TOKEN);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        }
    }

    @Test
    void shouldHangUpACallAnotherInstanceCarriesThroughItsSipMediaApplication() {
        // Given a connected call in the shared registry that this gateway does not carry
        Instant now = Instant.now();
        registry.update(
                "sma-tx-elsewhere",
                c -> c.transitionTo(CallState.CONNECTED, now, "bridged"),
                () -> CallStatus.started(
                        "sma-tx-elsewhere", "sma-app-1", "+15550100", "+15550199", Direction.INBOUND, now));

        // When an admin hangs it up here
        HttpResponse<String> hangup = http().post("/api/calls/sma-tx-elsewhere/hangup", ADMIN_TOKEN);

        // Then the gateway asks the call's SMA to hang up (UpdateSipMediaApplicationCall, command=hangup)
        assertThat(hangup.statusCode()).isEqualTo(202);
        assertThat(json(hangup).path("via").asString()).isEqualTo("sma");
        IdentityProvider.server()
                .verify(postRequestedFor(urlPathEqualTo("/sip-media-applications/sma-app-1/calls/sma-tx-elsewhere"))
                        .withRequestBody(matchingJsonPath("$.Arguments.command", equalTo("hangup"))));
    }

    @Test
    void shouldAnswerProblemJsonNamingWhatWasWrong() {
        AdminHttp http = http();
        // Given the API with a valid token
        // When a call does not exist, or the filter or limit is not valid
        HttpResponse<String> missing = http.get("/api/calls/no-such-call", ADMIN_TOKEN);
        HttpResponse<String> badState = http.get("/api/calls?state=DANCING", ADMIN_TOKEN);
        HttpResponse<String> badLimit = http.get("/api/calls?limit=0", ADMIN_TOKEN);

        // Then each answer is a problem+json document that says what was wrong
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("detail").asString()).contains("no-such-call");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(json(badState).path("detail").asString()).contains("DANCING").contains("CONNECTED");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit).path("detail").asString()).contains("limit");
        for (HttpResponse<String> r : List.of(missing, badState, badLimit)) {
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r).path("status").asInt()).isEqualTo(r.statusCode());
        }
    }
}
