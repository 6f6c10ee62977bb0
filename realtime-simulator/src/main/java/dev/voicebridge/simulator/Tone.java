package dev.voicebridge.simulator;

import java.time.Duration;

/** A 440 Hz tone with 10 ms fades, the simulator's voice when it has nothing to echo. */
final class Tone {

    /** Tones already made, by format and length: every greeting of every session is the same tone. */
    private static final java.util.Map<String, byte[]> MADE = new java.util.concurrent.ConcurrentHashMap<>();

    private Tone() {}

    /** The tone's bytes; shared between sessions, so callers copy and never change them. */
    static byte[] of(WireFormat format, Duration length) {
        return MADE.computeIfAbsent(format + "/" + length.toMillis(), k -> make(format, length));
    }

    private static byte[] make(WireFormat format, Duration length) {
        int rate = format.sampleRate();
        int n = (int) (length.toMillis() * rate / 1000);
        int fade = rate / 100;
        short[] samples = new short[n];
        for (int i = 0; i < n; i++) {
            double envelope = Math.min(1.0, Math.min(i, n - 1 - i) / (double) fade);
            samples[i] = (short) (8000 * envelope * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return format.encode(samples);
    }
}
