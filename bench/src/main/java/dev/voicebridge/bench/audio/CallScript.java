package dev.voicebridge.bench.audio;

import dev.voicebridge.gateway.audio.G711;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What one simulated caller says, frame by frame: silence, then utterances of {@code utteranceMs}
 * every {@code cycleMs}, so the simulator's VAD ends each one and answers with its echo (a model
 * response). Every {@code bargeInEvery}-th utterance is followed by the next one only
 * {@code bargeInAfterMs} after the previous ended, i.e. while its echo is still playing: a barge-in.
 * The last utterance ends {@code tailMs} before media stops, so the final response plays out before
 * the caller hangs up. Every frame, speech or silence, starts with a {@link Stamp}.
 *
 * @param startOffsetMs silence before the first utterance (spread across calls so they do not speak
 *                      in lock step)
 */
public record CallScript(
        int durationMs,
        int startOffsetMs,
        int utteranceMs,
        int cycleMs,
        int bargeInEvery,
        int bargeInAfterMs,
        int tailMs) {

    public static final int FRAME_BYTES = 160;
    public static final int FRAME_MS = 20;
    private static final byte[] TONE = tone();

    /** The default conversation: 1.2 s utterances every 5 s, every third answer interrupted. */
    public static CallScript standard(int durationMs, int callIndex, long seed) {
        int utter = 1200;
        int tail = 3600;
        Random r = new Random(seed * 31 + callIndex);
        int latest = Math.max(0, durationMs - tail - utter);
        int offset = Math.min(latest, 1000 + r.nextInt(2000));
        return new CallScript(durationMs, offset, utter, 5000, 3, 1100, tail);
    }

    public int frames() {
        return durationMs / FRAME_MS;
    }

    /** Utterances as [startMs, endMs) pairs. */
    public List<int[]> utterances() {
        List<int[]> out = new ArrayList<>();
        int start = startOffsetMs;
        int n = 0;
        while (start + utteranceMs <= durationMs - tailMs) {
            out.add(new int[] {start, start + utteranceMs});
            n++;
            boolean bargeIn = bargeInEvery > 0 && n % bargeInEvery == 0;
            start += bargeIn ? utteranceMs + bargeInAfterMs : cycleMs;
        }
        return out;
    }

    /** How many utterances interrupt the previous answer. */
    public int bargeIns() {
        List<int[]> u = utterances();
        int count = 0;
        for (int i = 1; i < u.size(); i++) {
            if (u.get(i)[0] - u.get(i - 1)[1] < cycleMs - utteranceMs) {
                count++;
            }
        }
        return count;
    }

    /** A compiled schedule: whether each frame is speech. */
    public boolean[] speechFrames() {
        boolean[] speech = new boolean[frames()];
        for (int[] u : utterances()) {
            Arrays.fill(
                    speech, Math.min(speech.length, u[0] / FRAME_MS), Math.min(speech.length, u[1] / FRAME_MS), true);
        }
        return speech;
    }

    /** Builds frame {@code seq} of call {@code call}, stamped with {@code sentMicros}. */
    public static byte[] frame(boolean speech, int call, int seq, long sentMicros) {
        return frame(speech, call, seq, sentMicros, new byte[FRAME_BYTES]);
    }

    /** Builds the frame into {@code frame} (a caller's reused buffer; {@link #FRAME_BYTES} long) and returns it. */
    public static byte[] frame(boolean speech, int call, int seq, long sentMicros, byte[] frame) {
        if (speech) {
            System.arraycopy(TONE, 0, frame, 0, FRAME_BYTES);
        } else {
            Arrays.fill(frame, G711.ULAW_SILENCE);
        }
        Stamp.write(frame, 0, call, seq, sentMicros);
        return frame;
    }

    /** 400 Hz at about -12 dBFS: exactly 8 periods a frame, so frames join without clicks. */
    private static byte[] tone() {
        byte[] t = new byte[FRAME_BYTES];
        for (int i = 0; i < FRAME_BYTES; i++) {
            t[i] = G711.linearToUlaw((int) Math.round(8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0)));
        }
        return t;
    }
}
