package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one pacing point: a single thread that ticks every 20 ms for all calls together and
 * asks each registered call to hand one frame (or silence) to its leg. Deadlines are computed from
 * the clock's start, not from the previous tick, so sleep jitter never accumulates into drift. A
 * clock that falls behind (a GC pause, an overloaded host) catches up by up to {@link #MAX_CATCH_UP}
 * ticks in a row; beyond that it skips ahead instead of bursting audio at the far end.
 */
public final class MediaClock implements AutoCloseable {

    /** A call driven by the clock. Implementations return quickly and never block. */
    public interface Tickable {
        /**
         * @param tick the clock's tick number, strictly increasing by one
         * @param late whether this tick runs a full frame or more behind its deadline
         */
        void tick(long tick, boolean late);
    }

    static final int MAX_CATCH_UP = 5;
    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(AudioFormat.FRAME_MILLIS);

    private final CopyOnWriteArrayList<Tickable> members = new CopyOnWriteArrayList<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public MediaClock() {
        thread = Thread.ofPlatform()
                .name("media-clock")
                .daemon(true)
                .priority(Thread.MAX_PRIORITY)
                .unstarted(this::run);
        thread.start();
    }

    public void add(Tickable member) {
        members.add(member);
    }

    public void remove(Tickable member) {
        members.remove(member);
    }

    /** Ticks so far; tests count these instead of reading wall time. */
    public long ticks() {
        return ticks.get();
    }

    public long lateTicks() {
        return lateTicks.get();
    }

    public long skippedTicks() {
        return skippedTicks.get();
    }

    public int members() {
        return members.size();
    }

    private void run() {
        long start = System.nanoTime();
        long n = 0;
        while (running) {
            long deadline = start + n * PERIOD_NANOS;
            long now = System.nanoTime();
            if (deadline > now) {
                LockSupport.parkNanos(deadline - now);
                continue;
            }
            long behind = (now - deadline) / PERIOD_NANOS;
            if (behind > MAX_CATCH_UP) {
                // Too far behind to catch up without a burst the far end would hear as sped-up audio.
                skippedTicks.addAndGet(behind);
                n += behind;
                log.warn("media clock {} ticks behind; skipping ahead", behind);
            }
            boolean late = behind >= 1;
            if (late) {
                lateTicks.incrementAndGet();
            }
            long tick = ticks.incrementAndGet();
            for (Tickable member : members) {
                try {
                    member.tick(tick, late);
                } catch (RuntimeException e) {
                    log.error("call tick failed", e);
                }
            }
            n++;
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
