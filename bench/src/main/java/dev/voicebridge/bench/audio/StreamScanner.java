package dev.voicebridge.bench.audio;

/**
 * Finds stamps in a stream of audio chunks of any size, including stamps split across two chunks
 * (the echo starts at an arbitrary byte and the gateway and the simulator cut it into their own
 * frames and deltas). Keeps only the last {@code Stamp.LENGTH - 1} unscanned bytes between chunks.
 * Not thread-safe: one per direction of one stream.
 */
public final class StreamScanner {

    private byte[] window = new byte[1024];
    private int length;

    /** Scans {@code chunk}; every stamp whose last byte is in it is reported once. */
    public void accept(byte[] chunk, int offset, int count, Stamp.Sink sink) {
        if (length + count > window.length) {
            byte[] bigger = new byte[Math.max(window.length * 2, length + count)];
            System.arraycopy(window, 0, bigger, 0, length);
            window = bigger;
        }
        System.arraycopy(chunk, offset, window, length, count);
        length += count;
        int next = Stamp.scan(window, 0, length, sink);
        int keepFrom = Math.max(next, length - (Stamp.LENGTH - 1));
        int keep = length - keepFrom;
        System.arraycopy(window, keepFrom, window, 0, keep);
        length = keep;
    }

    public void accept(byte[] chunk, Stamp.Sink sink) {
        accept(chunk, 0, chunk.length, sink);
    }

    /** Forgets a partial stamp (after a barge-in clear, the stream restarts). */
    public void reset() {
        length = 0;
    }
}
