package dev.voicebridge.bench.caller;

/**
 * How far each frame of model audio arrives behind a steady 20 ms grid. The grid is anchored on the
 * first frame of a burst and moved earlier whenever a frame arrives early, so it measures what the
 * caller hears as irregular playout (the gateway's own pacing slipping), not when the burst began.
 */
final class JitterTracker {

    private static final long FRAME_MICROS = 20_000;
    private static final long GAP_MICROS = 200_000;
    private boolean inBurst;
    private long anchor;
    private long index;
    private long last;

    /** A frame arrived at {@code now}; returns its lateness in microseconds, or -1 for a burst's first frame. */
    long frame(long now) {
        if (!inBurst || now - last > GAP_MICROS) {
            inBurst = true;
            anchor = now;
            index = 0;
            last = now;
            return -1;
        }
        last = now;
        index++;
        long late = now - (anchor + index * FRAME_MICROS);
        if (late < 0) {
            anchor = now - index * FRAME_MICROS;
            late = 0;
        }
        return late;
    }

    /** The burst ended (a mark, a clear, a response done). */
    void end() {
        inBurst = false;
    }
}
