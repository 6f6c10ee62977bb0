package dev.voicebridge.bench.metrics;

/**
 * The one time base of a run: microseconds of {@link System#nanoTime()} since the harness started.
 * Callers, the Azure tap and the simulator all live in the harness JVM, so stamps written by one and
 * read by another compare on the same monotonic clock (the gateway, in its own JVM, only carries them).
 */
public final class BenchClock {

    private static final long EPOCH = System.nanoTime();

    private BenchClock() {}

    public static long micros() {
        return (System.nanoTime() - EPOCH) / 1000;
    }
}
