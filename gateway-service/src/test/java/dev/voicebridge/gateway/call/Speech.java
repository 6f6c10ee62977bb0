package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.G711;

/** Synthetic caller audio: a voiced buzz the simulator's energy VAD hears as speech, and silence. */
public final class Speech {

    private Speech() {}

    public static byte[] ulawVoiced(int millis) {
        int n = millis * 8;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double t = i / 8000.0;
            out[i] = G711.linearToUlaw((int) (4000 * Math.sin(2 * Math.PI * 150 * t)
                    + 2500 * Math.sin(2 * Math.PI * 450 * t)
                    + 1500 * Math.sin(2 * Math.PI * 1200 * t)));
        }
        return out;
    }

    public static byte[] ulawSilence(int millis) {
        byte[] out = new byte[millis * 8];
        java.util.Arrays.fill(out, G711.ULAW_SILENCE);
        return out;
    }

    /** Speech followed by enough silence for the VAD to end the turn. */
    public static byte[] utterance(int speechMs, int silenceMs) {
        byte[] speech = ulawVoiced(speechMs);
        byte[] silence = ulawSilence(silenceMs);
        byte[] out = java.util.Arrays.copyOf(speech, speech.length + silence.length);
        System.arraycopy(silence, 0, out, speech.length, silence.length);
        return out;
    }
}
