package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.metrics.BenchClock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * The callers' clock: one thread that wakes every millisecond and lets each call whose next 20 ms
 * frame is due send it. Calls are spread over the 20 slots of a frame period by their start time, as
 * independent phones would be, so the gateway sees a steady flow rather than 1,000 frames at once.
 * When the thread wakes late it runs every slot it missed, so no call sends less than real time.
 */
public final class Pacer implements AutoCloseable {

    private static final int SLOTS = 20;
    @SuppressWarnings("unchecked")
    private final CopyOnWriteArrayList<CallDriver>[] slots = new CopyOnWriteArrayList[SLOTS];
    private final Thread thread;
    private volatile boolean running = true;

    public Pacer() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new CopyOnWriteArrayList<>();
        }
        thread = Thread.ofPlatform().name("bench-pacer").daemon(true).priority(Thread.MAX_PRIORITY).unstarted(this::run);
        thread.start();
    }

    void add(CallDriver call, long startMicros) {
        slots[(int) ((startMicros / 1000) % SLOTS)].add(call);
    }

    void remove(CallDriver call) {
        for (CopyOnWriteArrayList<CallDriver> slot : slots) {
            slot.remove(call);
        }
    }

    private void run() {
        long lastMs = BenchClock.micros() / 1000;
        while (running) {
            long now = BenchClock.micros();
            long nowMs = now / 1000;
            if (nowMs == lastMs) {
                LockSupport.parkNanos(1_000_000 - (now % 1000) * 1000);
                continue;
            }
            long from = Math.max(lastMs + 1, nowMs - SLOTS + 1);
            for (long ms = from; ms <= nowMs; ms++) {
                for (CallDriver call : slots[(int) (ms % SLOTS)]) {
                    try {
                        call.tick(now);
                    } catch (RuntimeException e) {
                        call.failed("pacer: " + e);
                    }
                }
            }
            lastMs = nowMs;
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
