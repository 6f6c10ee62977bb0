package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.call.TestGateway;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Barge-in edges that need exact timing, scripted event by event: an interruption before any audio
 * (a truncate there is rejected by Azure, so none is sent) and an offset capped at the audio
 * actually received (an offset past it is rejected, and peers went silent after that error).
 */
class BargeInEdgeCasesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static String delta(String response, String item, int bytes) {
        byte[] audio = new byte[bytes];
        java.util.Arrays.fill(audio, (byte) 0x55);
        return "{\"type\":\"response.output_audio.delta\",\"response_id\":\"" + response + "\",\"item_id\":\"" + item
                + "\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"}";
    }

    @Test
    void shouldSkipTheTruncateAndDropLateAudioWhenTheCallerInterruptsBeforeTheFirstAudio() throws Exception {
        try (ScriptedRealtimeServer azure = new ScriptedRealtimeServer();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s)) {
            // Given a response that has started but sent no audio yet
            TestGateway.Call call = gateway.call();
            call.awaitReady();
            ScriptedRealtimeServer.Connection azureSide = azure.awaitConnection(1);
            azureSide.send(
                    "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}");

            // When the caller speaks, and the interrupted response's audio still arrives afterwards
            azureSide.send(
                    "{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":100,\"item_id\":\"item_u1\"}");
            azureSide.send(delta("resp_1", "item_a1", 1600));
            azureSide.send("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"cancelled\"}}");
            azureSide.send(
                    "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_2\",\"status\":\"in_progress\"}}");
            azureSide.send(delta("resp_2", "item_a2", 320));
            azureSide.send("{\"type\":\"response.done\",\"response\":{\"id\":\"resp_2\",\"status\":\"completed\"}}");

            // Then no truncate is sent, nothing is cleared, and only the next response is heard
            RecordingCallLeg.await(
                    "the next response played", WAIT, () -> call.leg().frameCount() >= 2);
            Thread.sleep(100);
            assertThat(call.leg().frameCount()).isEqualTo(2);
            assertThat(azureSide.received("conversation.item.truncate")).isEmpty();
            assertThat(call.leg().count(RecordingCallLeg.Clear.class)).isZero();
            assertThat(call.session().stats().discardedAfterBargeIn()).isEqualTo(1);
            assertThat(call.session().stats().bargeIns()).isZero();
        }
    }

    @Test
    void shouldCapTheTruncateAtTheAudioReceived() throws Exception {
        try (ScriptedRealtimeServer azure = new ScriptedRealtimeServer();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s)) {
            // Given an item of 12.5 ms of audio, played as one padded 20 ms frame, its response still open
            TestGateway.Call call = gateway.call();
            call.awaitReady();
            ScriptedRealtimeServer.Connection azureSide = azure.awaitConnection(1);
            azureSide.send(
                    "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}");
            azureSide.send(delta("resp_1", "item_a1", 100));
            azureSide.send(
                    "{\"type\":\"response.output_audio.done\",\"response_id\":\"resp_1\",\"item_id\":\"item_a1\"}");
            RecordingCallLeg.await("the frame played", WAIT, () -> call.leg().frameCount() == 1);

            // When the caller interrupts
            azureSide.send(
                    "{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":100,\"item_id\":\"item_u1\"}");

            // Then the truncate says 12 ms (what Azure sent), not the 20 ms the padded frame lasted
            RecordingCallLeg.await(
                    "truncate",
                    WAIT,
                    () -> !azureSide.received("conversation.item.truncate").isEmpty());
            var truncate = azureSide.received("conversation.item.truncate").get(0);
            assertThat(truncate.path("item_id").stringValue()).isEqualTo("item_a1");
            assertThat(truncate.path("content_index").asInt()).isZero();
            assertThat(truncate.path("audio_end_ms").asLong()).isEqualTo(12);
            assertThat(call.leg().count(RecordingCallLeg.Clear.class)).isEqualTo(1);

            // And when Azure rejects a truncate anyway, the call carries on
            azureSide.send(
                    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"code\":\"invalid_value\","
                            + "\"message\":\"Audio content of 12ms is already shorter than 20ms\"}}");
            azureSide.send(
                    "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_2\",\"status\":\"in_progress\"}}");
            azureSide.send(delta("resp_2", "item_a2", 160));
            RecordingCallLeg.await(
                    "the next response played", WAIT, () -> call.leg().frameCount() == 2);
            assertThat(call.session().ended()).isFalse();
        }
    }
}
