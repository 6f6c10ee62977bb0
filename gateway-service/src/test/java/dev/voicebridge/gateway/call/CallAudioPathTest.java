package dev.voicebridge.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audio path end to end over loopback sockets, with the Realtime simulator as Azure. */
class CallAudioPathTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private RealtimeSimulator azure;
    private TestGateway gateway;

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = {"ga", "2025-04-01-preview"})
    void shouldCarryCallerBytesToAzureAndAssistantBytesToTheLegOneFramePerTick(String protocol) throws Exception {
        // Given a call through the gateway to the simulator, on the GA or the preview protocol
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.apiVersion = protocol.equals("ga") ? null : protocol;
            return s;
        });
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);

        // When the caller says something and stops
        byte[] spoken = Speech.utterance(600, 600);
        call.say(spoken);

        // Then Azure received exactly the caller's bytes
        session.awaitInputAudioBytes(spoken.length, WAIT);
        assertThat(session.inputAudio()).isEqualTo(spoken);
        assertThat(call.session().stats().bytesToAzure()).isEqualTo(spoken.length);

        // And the leg got exactly the assistant's audio, in 20 ms frames on consecutive clock ticks
        session.awaitServerEvent("response.done", WAIT);
        int sentBytes = (int) session.audioBytesSent();
        assertThat(sentBytes).isPositive();
        int frames = (sentBytes + 159) / 160;
        RecordingCallLeg.await("assistant audio played", WAIT, () -> call.leg().frameCount() >= frames);

        List<RecordingCallLeg.Frame> played = call.leg().frames();
        assertThat(played).hasSize(frames);
        byte[] heard = call.leg().audio(0, Integer.MAX_VALUE);
        byte[] assistant = java.util.Arrays.copyOf(heard, sentBytes);
        assertThat(indexOf(spoken, assistant))
                .as("the simulator echoes the caller: what the leg heard is that echo")
                .isNotNegative();
        assertThat(call.session().stats().bytesFromAzure()).isEqualTo(sentBytes);
        for (int i = sentBytes; i < heard.length; i++) {
            assertThat(heard[i])
                    .as("padding of the last frame is µ-law silence")
                    .isEqualTo((byte) 0xFF);
        }
        for (int i = 1; i < played.size(); i++) {
            assertThat(played.get(i).tick())
                    .as("frame %d follows frame %d by one tick", i, i - 1)
                    .isEqualTo(played.get(i - 1).tick() + 1);
        }
        assertThat(call.session().stats().framesOut()).isEqualTo(frames);
        assertThat(call.session().stats().droppedOut()).isZero();
        assertThat(call.leg().count(RecordingCallLeg.Silence.class))
                .as("comfort silence between turns")
                .isPositive();

        // And the call keeps both sides of the transcript and the token usage Azure reported
        long reported = session.serverEvents("response.done")
                .get(0)
                .json()
                .path("response")
                .path("usage")
                .path("total_tokens")
                .asLong();
        assertThat(reported).isPositive();
        assertThat(call.session().assistant().usage().totalTokens()).isEqualTo(reported);
        RecordingCallLeg.await(
                "both transcripts",
                WAIT,
                () -> call.session().assistant().transcript().entries().size() >= 2);
        assertThat(call.session().assistant().transcript().entries())
                .extracting(dev.voicebridge.gateway.realtime.Transcript.Entry::role)
                .contains(
                        dev.voicebridge.gateway.realtime.Transcript.Role.CALLER,
                        dev.voicebridge.gateway.realtime.Transcript.Role.ASSISTANT);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @org.junit.jupiter.api.Test
    void shouldResampleToPcm16At24kHzWhenAskedAndStillPlayInRealTime() throws Exception {
        // Given a µ-law call carried over PCM16 24 kHz
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.audio = dev.voicebridge.gateway.realtime.RealtimeProperties.AudioMode.PCM16;
            return s;
        });
        TestGateway.Call call = gateway.call();
        call.awaitReady();
        SessionRecord session = azure.awaitSession(1, WAIT);
        assertThat(session.clientEvents("session.update")
                        .get(0)
                        .json()
                        .path("session")
                        .path("audio")
                        .path("input")
                        .path("format")
                        .path("type")
                        .stringValue())
                .isEqualTo("audio/pcm");

        // When the caller speaks for 1.2 s
        byte[] spoken = Speech.utterance(600, 600);
        call.say(spoken);

        // Then Azure got 24 kHz PCM16 for the same duration (48 bytes a millisecond), less the filter delay
        // and at most one 40 ms append still being gathered
        session.awaitServerEvent("response.done", WAIT);
        assertThat(session.inputAudioBytes()).isBetween(1200L * 48 - 40 * 48 - 100, 1200L * 48);
        assertThat(session.inputAudioBytes()).isEqualTo(call.session().stats().bytesToAzure());

        // And the leg plays the answer back as µ-law frames lasting as long as the PCM Azure sent
        long answerMs = session.audioBytesSent() / 48;
        RecordingCallLeg.await("answer played", WAIT, () -> call.leg().frameCount() >= answerMs / 20 - 2);
        assertThat(call.leg().frameCount()).isBetween((int) (answerMs / 20) - 2, (int) (answerMs / 20) + 1);
    }
}
