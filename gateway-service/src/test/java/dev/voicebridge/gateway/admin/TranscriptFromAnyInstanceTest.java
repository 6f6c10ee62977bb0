package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two gateway instances sharing one registry on DynamoDB Local: a call carried by one, its
 * transcript read through the other's API, during the call and after it ended.
 */
class TranscriptFromAnyInstanceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldAnswerACallsTranscriptFromAnInstanceThatNeverCarriedIt() {
        String table = SharedTables.newRegistry();
        Map<String, Object> shared = Map.of(
                "voicebridge.registry.table",
                table,
                "voicebridge.registry.endpoint",
                SharedTables.endpoint().toString(),
                "aws.region",
                "us-east-1");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        try (RealtimeSimulator azure = RealtimeSimulator.start(
                        SimulatorOptions.builder().speed(4.0).build());
                GatewayRun carrier = new GatewayRun(azure, shared);
                GatewayRun other = new GatewayRun(azure, shared)) {
            // Given a call on the first instance in which the caller spoke and the assistant answered
            try (MediaCaller caller =
                    MediaCaller.call(carrier.http.media(), AdminApplicationTest.MEDIA_TOKEN, "gw-t-1", "sma-t-1")) {
                carrier.http.awaitReady("gw-t-1", AdminApplicationTest.ADMIN_TOKEN);
                caller.speakThenPause(600, 600);

                // When the other instance is asked for the transcript while the call goes on
                JsonNode during = await(
                        () -> {
                            JsonNode t = json(
                                    other.http.get("/api/calls/sma-t-1/transcript", AdminApplicationTest.ADMIN_TOKEN));
                            return t.path("count").asInt() >= 2 ? t : null;
                        },
                        "the caller's and the assistant's turns, through the other instance");

                // Then it has the caller's turn and the assistant's answer, in order, under the SMA id
                assertThat(during.path("callId").asString()).isEqualTo("sma-t-1");
                assertThat(during.path("turns").get(0).path("seq").asInt()).isZero();
                assertThat(during.path("turns").get(0).path("speaker").asString())
                        .isEqualTo("CALLER");
                assertThat(during.path("turns").get(0).path("text").asString()).startsWith("Caller utterance 1");
                assertThat(during.path("turns").get(1).path("speaker").asString())
                        .isEqualTo("ASSISTANT");
                assertThat(during.path("turns").get(1).path("text").asString()).isNotBlank();
            }
            carrier.bean(CallTracker.class).flush(WAIT);

            // When the call has ended and the other instance is asked again
            JsonNode call = await(
                    () -> {
                        JsonNode c = json(other.http.get("/api/calls/sma-t-1", AdminApplicationTest.ADMIN_TOKEN));
                        return "ENDED".equals(c.path("state").asString()) ? c : null;
                    },
                    "the call ended in the shared registry");
            JsonNode after = json(other.http.get("/api/calls/sma-t-1/transcript", AdminApplicationTest.ADMIN_TOKEN));

            // Then the transcript is still there, whole, though the other instance never carried the call
            assertThat(call.path("media").isNull() || call.path("media").isMissingNode())
                    .isTrue();
            assertThat(after.path("count").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(after.path("turns").findValuesAsString("speaker")).startsWith("CALLER", "ASSISTANT");

            // And an unknown call is a 404 problem, not an empty transcript
            assertThat(other.http
                            .get("/api/calls/sma-nope/transcript", AdminApplicationTest.ADMIN_TOKEN)
                            .statusCode())
                    .isEqualTo(404);
        }
    }
}
