package dev.voicebridge.simulator;

import java.util.Arrays;

/**
 * The session's uncommitted input audio, addressed by session audio time in milliseconds, so a
 * committed utterance can be cut out from its audio_start_ms. Bounded: only the last
 * {@link #MAX_MILLIS} are kept.
 */
final class AudioBuffer {

    static final int MAX_MILLIS = 60_000;

    private final int bytesPerMilli;
    private byte[] data = new byte[4096];
    private int length;
    private long totalBytes;

    AudioBuffer(int bytesPerMilli) {
        this.bytesPerMilli = bytesPerMilli;
    }

    void append(byte[] bytes) {
        if (length + bytes.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + bytes.length));
        }
        System.arraycopy(bytes, 0, data, length, bytes.length);
        length += bytes.length;
        totalBytes += bytes.length;
        int max = MAX_MILLIS * bytesPerMilli;
        if (length > max) {
            dropOldest(length - max);
        }
    }

    /** Keeps only the last {@code millis} of audio (the prefix padding while nobody speaks). */
    void keepLast(long millis) {
        int keep = (int) Math.min(length, millis * bytesPerMilli);
        dropOldest(length - keep);
    }

    private void dropOldest(int bytes) {
        System.arraycopy(data, bytes, data, 0, length - bytes);
        length -= bytes;
    }

    private long startMs() {
        return (totalBytes - length) / bytesPerMilli;
    }

    int lengthBytes() {
        return length;
    }

    long millis() {
        return length / bytesPerMilli;
    }

    /** Takes everything from session time {@code fromMs} on and empties the buffer. */
    byte[] commitFrom(long fromMs) {
        int offset = (int) Math.max(0, Math.min(length, (fromMs - startMs()) * bytesPerMilli));
        byte[] out = Arrays.copyOfRange(data, offset, length);
        clear();
        return out;
    }

    void clear() {
        length = 0;
    }
}
