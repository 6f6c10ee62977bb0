package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnergyVadTest {

    private static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void shouldFindSpeechStartAndStopInAnyInputFormat(WireFormat format) {
        // Given 500 ms of silence, 700 ms of speech, 600 ms of silence, encoded in the format
        int rate = format.sampleRate();
        short[] audio = concat(new short[rate / 2], Speech.voiced(700, rate), new short[rate * 600 / 1000]);
        byte[] wire = format.encode(audio);
        EnergyVad vad = new EnergyVad(rate, new TurnDetection("server_vad", 0.5, 300, 400, true, true), 0);

        // When it goes through the detector in 20 ms pieces
        List<EnergyVad.Transition> transitions = new ArrayList<>();
        int frame = format.bytesPerMilli() * 20;
        for (int i = 0; i < wire.length; i += frame) {
            vad.accept(
                    format.decode(java.util.Arrays.copyOfRange(wire, i, Math.min(wire.length, i + frame))),
                    transitions::add);
        }

        // Then speech starts at the first voiced window less the prefix padding and stops after the silence
        assertThat(transitions)
                .containsExactly(new EnergyVad.SpeechStarted(200, 560), new EnergyVad.SpeechStopped(1600));
    }

    @Test
    void shouldIgnoreQuietNoiseAndShortClicks() {
        // Given low-level noise (about -50 dBFS) with a 40 ms click in it
        short[] noise = new short[8000 * 2];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 100);
        }
        short[] click = Speech.voiced(40, 8000);
        System.arraycopy(click, 0, noise, 8000, click.length);
        EnergyVad vad = new EnergyVad(8000, new TurnDetection("server_vad", 0.5, 300, 400, true, true), 0);

        // When it goes through the detector
        List<EnergyVad.Transition> transitions = new ArrayList<>();
        vad.accept(noise, transitions::add);

        // Then nothing counts as speech
        assertThat(transitions).isEmpty();
    }

    @Test
    void shouldRoundTripG711WithinCompandingError() {
        // Given linear samples across the range
        for (int v = -32000; v <= 32000; v += 97) {
            short s = (short) v;
            // When encoded and decoded, Then the error stays within G.711's step size
            int tolerance = Math.max(16, Math.abs(v) / 16);
            assertThat((int) G711.ulawToLinear(G711.linearToUlaw(s)))
                    .isCloseTo(v, org.assertj.core.data.Offset.offset(tolerance));
            assertThat((int) G711.alawToLinear(G711.linearToAlaw(s)))
                    .isCloseTo(v, org.assertj.core.data.Offset.offset(tolerance));
        }
    }
}
