package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.simulator.RealtimeSimulator;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** A session that is not what was asked, or cannot be had, ends the call cleanly with an apology. */
class SessionSetupTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void shouldFailSetUpLoudlyWhenTheServerEchoesAnotherAudioFormat() throws Exception {
        // Given a server that says it will speak PCM16 when µ-law was asked for
        try (ScriptedRealtimeServer azure = new ScriptedRealtimeServer();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s)) {
            azure.sessionEcho = session -> {
                ((ObjectNode) session.path("audio").path("output"))
                        .putObject("format")
                        .put("type", "audio/pcm")
                        .put("rate", 24000);
                return session;
            };

            // When a call comes in
            TestGateway.Call call = gateway.call();

            // Then the call is not retried (it would never work), the caller hears the apology instead of
            // static, and the call is hung up
            RecordingCallLeg.await("hang-up", WAIT, () -> call.leg().hangUpReason() != null);
            assertThat(call.leg().hangUpReason()).isEqualTo(EndReason.AZURE_UNAVAILABLE);
            assertThat(azure.connections).hasSize(1);
            assertThat(call.leg().frameCount()).isEqualTo(new ApologyLength().frames());
            assertThat(azure.connections.get(0).received("input_audio_buffer.append"))
                    .isEmpty();
        }
    }

    @Test
    void shouldAcceptASessionThatEchoesWhatWasAsked() throws Exception {
        // Given a server that echoes the session as asked
        try (ScriptedRealtimeServer azure = new ScriptedRealtimeServer();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s)) {

            // When a call comes in
            TestGateway.Call call = gateway.call();

            // Then the session is ready and what was asked is the full GA shape, turn detection whole
            call.awaitReady();
            var update =
                    azure.awaitConnection(1).received("session.update").get(0).path("session");
            assertThat(update.path("type").stringValue()).isEqualTo("realtime");
            assertThat(update.path("audio")
                            .path("input")
                            .path("format")
                            .path("type")
                            .stringValue())
                    .isEqualTo("audio/pcmu");
            assertThat(update.path("audio").path("output").path("voice").stringValue())
                    .isEqualTo("marin");
            var vad = update.path("audio").path("input").path("turn_detection");
            assertThat(vad.path("type").stringValue()).isEqualTo("server_vad");
            assertThat(vad.path("threshold").asDouble()).isEqualTo(0.6);
            assertThat(vad.path("prefix_padding_ms").asInt()).isEqualTo(300);
            assertThat(vad.path("silence_duration_ms").asInt()).isEqualTo(300);
            assertThat(vad.path("interrupt_response").asBoolean()).isTrue();
            assertThat(update.path("tools"))
                    .extracting(t -> t.path("name").stringValue())
                    .contains("hang_up", "transfer_to_human", "send_dtmf");
            assertThat(call.leg().hangUpReason()).isNull();
        }
    }

    @Test
    void shouldNotRetryARefusedKeyAndApologiseAtOnce() throws Exception {
        // Given the wrong API key
        try (RealtimeSimulator azure = RealtimeSimulator.start();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
                    s.apiKey = "wrong-key";
                    return s;
                })) {

            // When a call comes in
            TestGateway.Call call = gateway.call();

            // Then one handshake (401) is enough to know, and the caller hears why the call ends
            RecordingCallLeg.await("hang-up", WAIT, () -> call.leg().hangUpReason() != null);
            assertThat(azure.handshakes())
                    .extracting(RealtimeSimulator.Handshake::status)
                    .containsExactly(401);
            assertThat(call.leg().hangUpReason()).isEqualTo(EndReason.AZURE_UNAVAILABLE);
        }
    }

    @Test
    void shouldAuthenticateWithAnEntraBearerTokenFromTheSupplier() throws Exception {
        // Given no API key but an access-token supplier (any identity library can provide one)
        try (RealtimeSimulator azure = RealtimeSimulator.start();
                TestGateway gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
                    s.apiKey = null;
                    s.tokens = () -> reactor.core.publisher.Mono.just(azure.bearerToken());
                    return s;
                })) {

            // When a call comes in, then the session is set up with Authorization: Bearer
            gateway.call().awaitReady();
            assertThat(azure.handshakes())
                    .extracting(RealtimeSimulator.Handshake::status)
                    .containsExactly(101);
        }
    }

    /** The bundled apology's length in 20 ms µ-law frames. */
    static final class ApologyLength {
        int frames() throws Exception {
            try (var in = getClass().getResourceAsStream("/prompts/apology-8k.ulaw")) {
                return in.readAllBytes().length / 160;
            }
        }
    }
}
