package dev.voicebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.simulator.SessionRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's demo call for real (simulator as Azure, the gateway application, the caller on
 * a 20 ms clock) and checks what a person running bin/demo is promised: the timeline, a barge-in
 * that cut the answer at what was heard, and a WAV with the assistant's audio in it.
 */
class DemoCallTest {

    @Test
    void shouldPlaceTheDemoCallWithABargeInAndRecordWhatTheCallerHeard(@TempDir Path dir) throws Exception {
        // Given no Azure account: the demo's own simulator
        Path heard = dir.resolve("heard.wav");

        // When the demo call runs
        DemoCall.Outcome outcome = DemoCall.run(heard, true, false, DemoCall.ConsoleHold.NONE);

        // Then the timeline tells the call's story in order
        List<String> kinds = outcome.timeline().kinds();
        assertThat(kinds)
                .containsSubsequence(
                        "connected",
                        "session-update",
                        "caller-speaks",
                        "speech-started",
                        "response-created",
                        "assistant-audio",
                        "barge-in",
                        "speech-started",
                        "clear",
                        "caller-silent",
                        "response-created",
                        "assistant-audio",
                        "hang-up",
                        "closed",
                        "session-closed");
        assertThat(kinds)
                .containsSubsequence("barge-in", "truncate")
                .containsSubsequence("barge-in", "response-cancelled");
        // And the barge-in flushed playback and truncated the answer within the audio Azure had sent
        DemoCaller.Result caller = outcome.caller();
        assertThat(caller.clears()).isGreaterThanOrEqualTo(1);
        assertThat(caller.closeCode()).isEqualTo(1000);
        SessionRecord azure = outcome.azureSession();
        assertThat(azure.truncates()).singleElement().satisfies(t -> {
            assertThat(t.accepted()).isTrue();
            assertThat(t.audioEndMs()).isPositive();
        });
        assertThat(azure.inputAudioBytes()).isPositive().isLessThanOrEqualTo(caller.callerAudioBytes());
        // And the recording holds seconds of assistant audio, not silence
        short[] samples = WavFiles.readPcm16(heard);
        assertThat(samples.length).isEqualTo(caller.heard().length);
        assertThat(voicedMillis(samples)).isGreaterThan(2000);
        assertThat(caller.assistantMillis()).isGreaterThan(2000);
    }

    /** Milliseconds of 20 ms windows louder than -40 dBFS. */
    private static long voicedMillis(short[] samples) {
        long voiced = 0;
        double threshold = 32768 * Math.pow(10, -40 / 20.0);
        for (int at = 0; at + 160 <= samples.length; at += 160) {
            double sum = 0;
            for (int i = at; i < at + 160; i++) {
                sum += (double) samples[i] * samples[i];
            }
            if (Math.sqrt(sum / 160) > threshold) {
                voiced += 20;
            }
        }
        return voiced;
    }
}
