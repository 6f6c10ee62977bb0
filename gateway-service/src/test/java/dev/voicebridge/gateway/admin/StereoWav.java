package dev.voicebridge.gateway.admin;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A recording as a test reads it: the RIFF header's fields as written, both channels as samples,
 * and a Goertzel filter to tell which tone is in a window of a channel (measured, not assumed).
 */
final class StereoWav {

    final int channels;
    final int sampleRate;
    final int bitsPerSample;
    final long riffSize;
    final long dataSize;
    final short[] left;
    final short[] right;

    StereoWav(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (!tag(file, 0).equals("RIFF")
                || !tag(file, 8).equals("WAVE")
                || !tag(file, 12).equals("fmt ")) {
            throw new AssertionError("not a RIFF/WAVE file");
        }
        riffSize = Integer.toUnsignedLong(b.getInt(4));
        if (b.getShort(20) != 1) {
            throw new AssertionError("not PCM: format " + b.getShort(20));
        }
        channels = b.getShort(22);
        sampleRate = b.getInt(24);
        bitsPerSample = b.getShort(34);
        if (!tag(file, 36).equals("data")) {
            throw new AssertionError("no data chunk at 36");
        }
        dataSize = Integer.toUnsignedLong(b.getInt(40));
        int frames = (int) Math.min(dataSize, file.length - 44) / 4;
        left = new short[frames];
        right = new short[frames];
        for (int i = 0; i < frames; i++) {
            left[i] = b.getShort(44 + i * 4);
            right[i] = b.getShort(44 + i * 4 + 2);
        }
    }

    long durationMillis() {
        return left.length * 1000L / sampleRate;
    }

    /** Windows of {@code millis} in the channel. */
    int windows(short[] channel, int millis) {
        return channel.length / (sampleRate / 1000 * millis);
    }

    /** Root-mean-square level of window {@code w} of {@code millis}. */
    double rms(short[] channel, int w, int millis) {
        int n = sampleRate / 1000 * millis;
        double sum = 0;
        for (int i = w * n; i < (w + 1) * n; i++) {
            sum += (double) channel[i] * channel[i];
        }
        return Math.sqrt(sum / n);
    }

    /**
     * The share of window {@code w}'s energy at {@code hz} (Goertzel), 0..1: near 1 for a pure tone
     * of that frequency, near 0 for silence or another tone.
     */
    double share(short[] channel, int w, int millis, double hz) {
        int n = sampleRate / 1000 * millis;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        double total = 0;
        for (int i = w * n; i < (w + 1) * n; i++) {
            double s0 = channel[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
            total += (double) channel[i] * channel[i];
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        // A pure tone's Goertzel power is total energy x n / 2.
        return total == 0 ? 0 : power / (total * n / 2.0);
    }

    private static String tag(byte[] file, int at) {
        return new String(file, at, 4, StandardCharsets.US_ASCII);
    }
}
