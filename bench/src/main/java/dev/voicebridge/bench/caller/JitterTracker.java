package dev.voicebridge.bench.caller;

/**
 * Playout jitter as the caller hears it: how far the gap before each frame of model audio is from
 * the 20 ms a frame lasts. A steady stream scores 0 whatever its latency; a frame held up by 50 ms
 * scores 50 (and the frames that then catch up score up to 20 each). Measured within a burst of model
 * audio only: silence between answers is not jitter.
 */
final class JitterTracker {

    private static final long FRAME_MICROS = 20_000;
    private static final long GAP_MICROS = 500_000;
    private boolean inBurst;
    private long last;

    /** A frame arrived at {@code now}; returns its jitter in microseconds, or -1 for a burst's first frame. */
    long frame(long now) {
        long gap = now - last;
        last = now;
        if (!inBurst || gap > GAP_MICROS) {
            inBurst = true;
            return -1;
        }
        return Math.abs(gap - FRAME_MICROS);
    }

    /** The burst ended (a mark, a clear, a response done). */
    void end() {
        inBurst = false;
    }
}
