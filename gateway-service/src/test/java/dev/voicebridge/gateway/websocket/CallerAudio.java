package dev.voicebridge.gateway.websocket;

import java.util.Arrays;

/** Synthetic caller audio in G.711 µ-law: a voiced buzz loud enough for any VAD, and line silence. */
final class CallerAudio {

    private CallerAudio() {}

    static byte[] voiced(int millis) {
        int n = millis * 8;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            double v = 4000 * Math.sin(2 * Math.PI * 150 * t)
                    + 2500 * Math.sin(2 * Math.PI * 450 * t)
                    + 1500 * Math.sin(2 * Math.PI * 1200 * t);
            out[i] = ulaw((short) v);
        }
        return out;
    }

    static byte[] silence(int millis) {
        byte[] out = new byte[millis * 8];
        Arrays.fill(out, (byte) 0xFF);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte ulaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        pcm = Math.min(pcm, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        return (byte) ~(sign | (exponent << 4) | ((pcm >> (exponent + 3)) & 0x0F));
    }
}
