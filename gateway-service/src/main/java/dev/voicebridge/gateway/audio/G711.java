package dev.voicebridge.gateway.audio;

/**
 * G.711 µ-law and A-law to and from 16-bit linear PCM (ITU-T G.711), by table for decoding and by
 * the reference segment search for encoding. Written here because the JDK's javax.sound codecs
 * work on streams, not on 20 ms arrays, and a dependency for forty lines is not worth it.
 */
public final class G711 {

    /** µ-law encoding of digital silence. */
    public static final byte ULAW_SILENCE = (byte) 0xFF;
    /** A-law encoding of digital silence. */
    public static final byte ALAW_SILENCE = (byte) 0xD5;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xFF;
            int t = ((u & 0x0F) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            ULAW_TO_LINEAR[i] = (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);

            int a = i ^ 0x55;
            int seg = (a & 0x70) >> 4;
            int v = (a & 0x0F) << 4;
            v = seg == 0 ? v + 8 : seg == 1 ? v + 0x108 : (v + 0x108) << (seg - 1);
            ALAW_TO_LINEAR[i] = (short) ((a & 0x80) != 0 ? v : -v);
        }
    }

    private G711() {}

    public static short ulawToLinear(byte b) {
        return ULAW_TO_LINEAR[b & 0xFF];
    }

    public static short alawToLinear(byte b) {
        return ALAW_TO_LINEAR[b & 0xFF];
    }

    public static byte linearToUlaw(int pcm) {
        int sign = pcm < 0 ? 0x80 : 0;
        int mag = Math.min(Math.abs(pcm), 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (mag & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (mag >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static byte linearToAlaw(int pcm) {
        int sign = pcm >= 0 ? 0x80 : 0;
        int mag = Math.min(pcm >= 0 ? pcm : -pcm - 1, 32767) >> 3;
        int seg;
        if (mag < 32) {
            seg = 0;
        } else {
            seg = 1;
            for (int m = mag >> 5; m > 1 && seg < 7; m >>= 1) {
                seg++;
            }
        }
        int mantissa = seg == 0 ? (mag >> 1) & 0x0F : (mag >> seg) & 0x0F;
        return (byte) ((sign | (seg << 4) | mantissa) ^ 0x55);
    }
}
