package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.metrics.BenchClock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The callers' clock: one thread that wakes every millisecond and lets each call whose next 20 ms
 * frame is due send it. Calls are spread over the 20 slots of a frame period by their start time, as
 * independent phones would be, so the gateway sees a steady flow rather than 1,000 frames at once.
 * When the thread wakes late it runs every slot it missed, so no call sends less than real time.
 *
 * <p>The due calls of one wake-up are handed to their sockets' event loops in one task per loop
 * ({@link CallDriver#sendLoop()}), not written from this thread: a write from outside a Netty loop
 * costs a task and a loop wake-up (a system call) per frame, which made the harness's own kernel time
 * grow with every call.
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
        thread = Thread.ofPlatform()
                .name("bench-pacer")
                .daemon(true)
                .priority(Thread.MAX_PRIORITY)
                .unstarted(this::run);
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
        Map<Executor, List<CallDriver>> batches = new IdentityHashMap<>();
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
                    Executor loop = call.sendLoop();
                    if (loop == null) {
                        tick(call, now);
                    } else {
                        batches.computeIfAbsent(loop, l -> new ArrayList<>()).add(call);
                    }
                }
            }
            for (Map.Entry<Executor, List<CallDriver>> batch : batches.entrySet()) {
                List<CallDriver> calls = batch.getValue();
                try {
                    batch.getKey().execute(() -> {
                        long at = BenchClock.micros();
                        for (CallDriver call : calls) {
                            tick(call, at);
                        }
                    });
                } catch (RuntimeException e) {
                    // The loop is shutting down (the harness is closing): its calls are over anyway.
                    calls.forEach(call -> call.failed("pacer: " + e));
                }
            }
            batches.clear();
            lastMs = nowMs;
        }
    }

    private static void tick(CallDriver call, long now) {
        try {
            call.tick(now);
        } catch (RuntimeException e) {
            call.failed("pacer: " + e);
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
