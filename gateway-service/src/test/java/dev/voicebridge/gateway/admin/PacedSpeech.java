package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.audio.G711;
import java.util.concurrent.locks.LockSupport;

/** A caller's audio sent as a phone sends it: one 20 ms µ-law frame every 20 ms, on the test's thread. */
final class PacedSpeech {

    private PacedSpeech() {}

    /** Silence, a tone of {@code hz} at a speaking level, silence; 8 kHz samples. */
    static short[] silenceToneSilence(int silenceMs, int toneMs, int afterMs, int hz) {
        short[] pcm = new short[(silenceMs + toneMs + afterMs) * 8];
        for (int i = 0; i < toneMs * 8; i++) {
            pcm[silenceMs * 8 + i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return pcm;
    }

    /** Sends {@code pcm} frame by frame, each on its 20 ms deadline from the first. */
    static void send(MediaCaller caller, short[] pcm) {
        long start = System.nanoTime();
        for (int frame = 0; (frame + 1) * 160 <= pcm.length; frame++) {
            long deadline = start + frame * 20_000_000L;
            long wait;
            while ((wait = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] ulaw = new byte[160];
            for (int i = 0; i < 160; i++) {
                ulaw[i] = G711.linearToUlaw(pcm[frame * 160 + i]);
            }
            caller.sendMedia(ulaw);
        }
    }
}
