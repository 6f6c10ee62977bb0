package dev.voicebridge.gateway.audio;

/**
 * A band-limited (windowed-sinc, polyphase) resampler for one direction of one call. It keeps the
 * input history and phase between calls, so 20 ms chunks join without clicks: resampling chunk by
 * chunk statelessly is what makes some bridges sound like re-encoded audio. Not thread-safe: each
 * direction of each call owns one.
 */
public final class StreamingResampler {

    private static final int HALF_TAPS = 12;

    private final int step; // input samples advanced per output sample = step / phases
    private final int phases;
    private final float[][] kernel;
    private float[] buffer = new float[1024];
    private int buffered; // samples in buffer
    private int position; // integer input index of the next output sample
    private int phase; // fractional part of that index, in 1/phases

    public StreamingResampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        }
        int g = gcd(inRate, outRate);
        this.step = inRate / g;
        this.phases = outRate / g;
        double cutoff = 0.5 * Math.min(1.0, (double) outRate / inRate) * 0.92; // cycles per input sample
        this.kernel = new float[phases][2 * HALF_TAPS];
        for (int p = 0; p < phases; p++) {
            double frac = (double) p / phases;
            double sum = 0;
            for (int k = 0; k < 2 * HALF_TAPS; k++) {
                double d = (k - HALF_TAPS + 1) - frac; // tap position relative to the output instant
                double x = 2 * cutoff * d;
                double sinc = Math.abs(x) < 1e-9 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
                double w = 0.5 + 0.5 * Math.cos(Math.PI * d / HALF_TAPS); // Hann
                double v = Math.abs(d) >= HALF_TAPS ? 0 : 2 * cutoff * sinc * w;
                kernel[p][k] = (float) v;
                sum += v;
            }
            for (int k = 0; k < 2 * HALF_TAPS; k++) {
                kernel[p][k] /= (float) sum; // unity gain at DC for every phase
            }
        }
        // Start with a half-kernel of silence so the first output sample lines up with the first input.
        buffered = HALF_TAPS - 1;
        position = HALF_TAPS - 1;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Resamples {@code samples}; returns the output samples this chunk completes (may be 0). */
    public short[] process(short[] samples) {
        if (buffered + samples.length > buffer.length) {
            float[] bigger = new float[Math.max(buffer.length * 2, buffered + samples.length)];
            System.arraycopy(buffer, 0, bigger, 0, buffered);
            buffer = bigger;
        }
        for (short s : samples) {
            buffer[buffered++] = s;
        }
        int available = 0;
        {
            int pos = position;
            int ph = phase;
            while (pos + HALF_TAPS < buffered) {
                available++;
                ph += step;
                pos += ph / phases;
                ph %= phases;
            }
        }
        short[] out = new short[available];
        for (int n = 0; n < available; n++) {
            float[] taps = kernel[phase];
            int base = position - HALF_TAPS + 1;
            float acc = 0;
            for (int k = 0; k < taps.length; k++) {
                acc += taps[k] * buffer[base + k];
            }
            out[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
            phase += step;
            position += phase / phases;
            phase %= phases;
        }
        // Keep only the history the next output sample still needs.
        int keepFrom = Math.max(0, position - HALF_TAPS + 1);
        System.arraycopy(buffer, keepFrom, buffer, 0, buffered - keepFrom);
        buffered -= keepFrom;
        position -= keepFrom;
        return out;
    }
}
