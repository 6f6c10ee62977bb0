package dev.voicebridge.bench.wire;

import java.util.Arrays;

/**
 * Standard base64 straight between byte ranges, into buffers the caller reuses. The JDK's codec
 * needs whole arrays or allocates its output; the tap and the callers decode a field inside a
 * message they already hold, 10,000s of times a second, so a copy and an array per message was
 * a measurable part of what the harness cost.
 */
public final class Base64Bytes {

    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] VALUES = new byte[256];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    private Base64Bytes() {}

    /** The most bytes {@code length} characters of base64 can hold. */
    public static int maxDecoded(int length) {
        return length / 4 * 3 + 3;
    }

    public static int encodedLength(int length) {
        return (length + 2) / 3 * 4;
    }

    /**
     * Decodes {@code src[from, to)} into {@code dst} from 0; returns the byte count, or -1 if the text
     * is not base64 (the reader then ignores the message rather than misread a stamp).
     */
    public static int decode(byte[] src, int from, int to, byte[] dst) {
        while (to > from && src[to - 1] == '=') {
            to--;
        }
        int out = 0;
        int bits = 0;
        int buffered = 0;
        for (int i = from; i < to; i++) {
            int v = VALUES[src[i] & 0xFF];
            if (v < 0) {
                return -1;
            }
            bits = bits << 6 | v;
            buffered += 6;
            if (buffered >= 8) {
                buffered -= 8;
                dst[out++] = (byte) (bits >> buffered);
            }
        }
        return out;
    }

    /** Encodes {@code src[0, length)} into {@code dst} from {@code at}; returns the end offset. */
    public static int encode(byte[] src, int length, byte[] dst, int at) {
        int i = 0;
        for (; i + 2 < length; i += 3) {
            int n = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            dst[at++] = ALPHABET[n >>> 18];
            dst[at++] = ALPHABET[(n >>> 12) & 63];
            dst[at++] = ALPHABET[(n >>> 6) & 63];
            dst[at++] = ALPHABET[n & 63];
        }
        int rest = length - i;
        if (rest > 0) {
            int n = (src[i] & 0xFF) << 16 | (rest == 2 ? (src[i + 1] & 0xFF) << 8 : 0);
            dst[at++] = ALPHABET[n >>> 18];
            dst[at++] = ALPHABET[(n >>> 12) & 63];
            dst[at++] = rest == 2 ? ALPHABET[(n >>> 6) & 63] : (byte) '=';
            dst[at++] = '=';
        }
        return at;
    }
}
