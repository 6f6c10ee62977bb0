package dev.voicebridge.gateway.audio;

/**
 * Linear PCM views of a leg's frames for the operator console: decode a frame to samples, encode
 * samples back, mix two frames, measure a level. Stateless; any thread.
 */
public final class LinearPcm {

    /** The floor reported for silence: a level meter has no use for minus infinity. */
    public static final double SILENCE_DBFS = -90.0;

    private LinearPcm() {}

    public static short[] decode(AudioFormat format, byte[] frame) {
        return switch (format.encoding()) {
            case PCMU -> {
                short[] s = new short[frame.length];
                for (int i = 0; i < frame.length; i++) {
                    s[i] = G711.ulawToLinear(frame[i]);
                }
                yield s;
            }
            case PCMA -> {
                short[] s = new short[frame.length];
                for (int i = 0; i < frame.length; i++) {
                    s[i] = G711.alawToLinear(frame[i]);
                }
                yield s;
            }
            case L16 -> fromLittleEndian(frame, 0, frame.length);
        };
    }

    public static byte[] encode(AudioFormat format, short[] samples) {
        return switch (format.encoding()) {
            case PCMU -> {
                byte[] b = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    b[i] = G711.linearToUlaw(samples[i]);
                }
                yield b;
            }
            case PCMA -> {
                byte[] b = new byte[samples.length];
                for (int i = 0; i < samples.length; i++) {
                    b[i] = G711.linearToAlaw(samples[i]);
                }
                yield b;
            }
            case L16 -> toLittleEndian(samples, null, 0);
        };
    }

    /**
     * Two frames of the same format added sample by sample, clipped to 16 bits; the shorter one is
     * padded with silence.
     */
    public static byte[] mix(AudioFormat format, byte[] a, byte[] b) {
        short[] x = decode(format, a);
        short[] y = decode(format, b);
        short[] sum = new short[Math.max(x.length, y.length)];
        for (int i = 0; i < sum.length; i++) {
            int v = (i < x.length ? x[i] : 0) + (i < y.length ? y[i] : 0);
            sum[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return encode(format, sum);
    }

    /** Signed 16-bit little-endian bytes [offset, offset + length) as samples; an odd last byte is ignored. */
    public static short[] fromLittleEndian(byte[] bytes, int offset, int length) {
        short[] s = new short[length / 2];
        for (int i = 0; i < s.length; i++) {
            int at = offset + 2 * i;
            s[i] = (short) ((bytes[at] & 0xFF) | (bytes[at + 1] << 8));
        }
        return s;
    }

    /**
     * Samples as little-endian bytes, after {@code prefix} bytes: the prefix array (or a new one)
     * gets the samples from index {@code prefixLength}.
     */
    public static byte[] toLittleEndian(short[] samples, byte[] prefix, int prefixLength) {
        byte[] b = new byte[prefixLength + samples.length * 2];
        if (prefix != null) {
            System.arraycopy(prefix, 0, b, 0, prefixLength);
        }
        for (int i = 0; i < samples.length; i++) {
            b[prefixLength + 2 * i] = (byte) samples[i];
            b[prefixLength + 2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }

    /** Sum of squared samples, for a level over many frames. */
    public static long energy(short[] samples) {
        long sum = 0;
        for (short s : samples) {
            sum += (long) s * s;
        }
        return sum;
    }

    /** dBFS of a mean square (full-scale square wave = 0 dBFS), floored at {@link #SILENCE_DBFS}. */
    public static double dbfs(long energy, long samples) {
        if (samples <= 0 || energy <= 0) {
            return SILENCE_DBFS;
        }
        double meanSquare = (double) energy / samples / (32768.0 * 32768.0);
        return Math.max(SILENCE_DBFS, Math.round(100 * 10 * Math.log10(meanSquare)) / 10.0 / 10.0);
    }
}
