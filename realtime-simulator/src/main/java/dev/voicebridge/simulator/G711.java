package dev.voicebridge.simulator;

/**
 * G.711 µ-law and A-law companding (ITU-T G.711), written out because the JDK's javax.sound codec
 * only works on streams and would pull a whole sound API into a test fixture for a few lines.
 */
final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;
    /** Every µ-law byte decoded once: the VAD decodes every sample of every append. */
    private static final short[] ULAW_TABLE = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TABLE[i] = ulawToLinearComputed((byte) i);
        }
    }

    private G711() {}

    static short ulawToLinear(byte encoded) {
        return ULAW_TABLE[encoded & 0xFF];
    }

    private static short ulawToLinearComputed(byte encoded) {
        int u = ~encoded & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS);
    }

    static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > ULAW_CLIP) {
            pcm = ULAW_CLIP;
        }
        pcm += ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short alawToLinear(byte encoded) {
        int a = (encoded & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= segment - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    static byte linearToAlaw(short sample) {
        int pcm = sample;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int[] segEnd = {0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF, 0x3FFF, 0x7FFF};
        int seg = 0;
        while (seg < 8 && pcm > segEnd[seg]) {
            seg++;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 4) & 0x0F : (pcm >> (seg + 3)) & 0x0F;
        return (byte) (aval ^ mask);
    }
}
