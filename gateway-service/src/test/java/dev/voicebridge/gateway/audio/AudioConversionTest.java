package dev.voicebridge.gateway.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioConversionTest {

    @Test
    void shouldRoundTripEveryG711CodeThroughLinearPcm() {
        for (int b = 0; b < 256; b++) {
            byte code = (byte) b;
            byte ulaw = G711.linearToUlaw(G711.ulawToLinear(code));
            // µ-law has two zeros (0x7F and 0xFF); every other code maps back to itself
            assertThat(G711.ulawToLinear(ulaw)).isEqualTo(G711.ulawToLinear(code));
            assertThat(G711.linearToAlaw(G711.alawToLinear(code))).isEqualTo(code);
        }
        assertThat(G711.ulawToLinear(G711.ULAW_SILENCE)).isZero();
        assertThat(Math.abs(G711.alawToLinear(G711.ALAW_SILENCE))).isLessThanOrEqualTo(8);
    }

    @Test
    void shouldResampleATone8kTo24kAndBackWithoutClicksAtChunkBoundaries() {
        // Given a 1 kHz tone cut into 20 ms chunks, as frames arrive
        StreamingResampler up = new StreamingResampler(8000, 24000);
        StreamingResampler down = new StreamingResampler(24000, 8000);
        int total = 8000;
        short[] tone = new short[total];
        for (int i = 0; i < total; i++) {
            tone[i] = (short) (10000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        // When each chunk goes up to 24 kHz and back down
        short[] upAll = new short[0];
        short[] back = new short[0];
        for (int off = 0; off < total; off += 160) {
            short[] u = up.process(java.util.Arrays.copyOfRange(tone, off, off + 160));
            upAll = concat(upAll, u);
            back = concat(back, down.process(u));
        }
        // Then the rate is exact (3x, less the filter's look-ahead) and the tone survives intact
        assertThat(upAll.length).isBetween(3 * total - 40, 3 * total);
        assertThat(back.length).isBetween(total - 30, total);
        int delay = bestDelay(tone, back);
        double err = 0;
        double energy = 0;
        for (int i = 200; i < back.length - 200; i++) {
            double d = back[i] - tone[i - delay];
            err += d * d;
            energy += (double) tone[i - delay] * tone[i - delay];
        }
        assertThat(10 * Math.log10(energy / err))
                .as("signal-to-error ratio in dB")
                .isGreaterThan(30);
    }

    @Test
    void shouldPassG711ThroughUntouchedAndRefuseFormatsItCannotCarry() {
        AudioTranscoder ulaw = new AudioTranscoder(AudioFormat.PCMU, AzureAudioFormat.PCMU);
        byte[] frame = new byte[160];
        assertThat(ulaw.passthrough()).isTrue();
        assertThat(ulaw.toAzure(frame)).isSameAs(frame);
        assertThat(AudioTranscoder.azureFormatFor(AudioFormat.PCMA, false)).isEqualTo(AzureAudioFormat.PCMA);
        assertThat(AudioTranscoder.azureFormatFor(AudioFormat.PCMU, true)).isEqualTo(AzureAudioFormat.PCM16_24K);
        assertThat(AudioTranscoder.azureFormatFor(new AudioFormat(AudioFormat.Encoding.L16, 16000), false))
                .isEqualTo(AzureAudioFormat.PCM16_24K);
        assertThatThrownBy(() -> new AudioTranscoder(AudioFormat.PCMU, AzureAudioFormat.PCMA))
                .hasMessageContaining("PCM16 24 kHz");
    }

    @Test
    void shouldTurnA20msMuLawFrameInto20msOfPcm16At24kHz() {
        AudioTranscoder pcm = new AudioTranscoder(AudioFormat.PCMU, AzureAudioFormat.PCM16_24K);
        int bytes = 0;
        for (int i = 0; i < 50; i++) {
            bytes += pcm.toAzure(new byte[160]).length;
        }
        // one second in: 48 000 bytes less the resampler's look-ahead
        assertThat(bytes).isBetween(48000 - 100, 48000);
        // and an odd-length delta is carried over, not dropped
        assertThat(pcm.toLeg(new byte[4801]).length + pcm.toLeg(new byte[4799]).length)
                .isBetween(1600 - 20, 1600);
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int bestDelay(short[] ref, short[] sig) {
        int best = 0;
        double bestScore = -Double.MAX_VALUE;
        for (int d = 0; d < 40; d++) {
            double s = 0;
            for (int i = 200; i < 2000; i++) {
                s += (double) sig[i] * ref[i - d];
            }
            if (s > bestScore) {
                bestScore = s;
                best = d;
            }
        }
        return best;
    }
}
