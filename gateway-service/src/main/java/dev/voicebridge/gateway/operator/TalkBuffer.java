package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.audio.AudioFormat;

/**
 * One operator's microphone on its way into the call: a small jitter buffer of PCM16 8 kHz
 * samples. Browsers send 20 ms messages in bursts; the media clock takes 20 ms a tick. Playing
 * starts once {@link #PREBUFFER_SAMPLES} are in, stops (and waits for the prebuffer again) when it
 * runs dry, and the oldest samples go when more than {@link #CAPACITY_SAMPLES} wait, so the
 * operator is never heard more than that late.
 *
 * <p>Threads: the operator's WebSocket event loop writes, the media clock reads; this object's
 * monitor guards it, held only to copy samples.
 */
final class TalkBuffer {

    static final int FRAME_SAMPLES = 8000 / 1000 * AudioFormat.FRAME_MILLIS;
    static final int PREBUFFER_SAMPLES = 3 * FRAME_SAMPLES;
    static final int CAPACITY_SAMPLES = 15 * FRAME_SAMPLES;

    private final short[] ring = new short[CAPACITY_SAMPLES];
    private int head;
    private int size;
    private boolean playing;
    private long droppedSamples;

    synchronized void write(short[] samples) {
        for (short s : samples) {
            if (size == ring.length) {
                head = (head + 1) % ring.length;
                size--;
                droppedSamples++;
            }
            ring[(head + size) % ring.length] = s;
            size++;
        }
    }

    /** The next 20 ms (padded with silence when the buffer runs dry mid-frame), or null while waiting. */
    synchronized short[] read() {
        if (!playing) {
            if (size < PREBUFFER_SAMPLES) {
                return null;
            }
            playing = true;
        }
        if (size == 0) {
            playing = false;
            return null;
        }
        short[] frame = new short[FRAME_SAMPLES];
        int n = Math.min(FRAME_SAMPLES, size);
        for (int i = 0; i < n; i++) {
            frame[i] = ring[(head + i) % ring.length];
        }
        head = (head + n) % ring.length;
        size -= n;
        return frame;
    }

    synchronized void clear() {
        head = 0;
        size = 0;
        playing = false;
    }

    synchronized long droppedSamples() {
        return droppedSamples;
    }
}
