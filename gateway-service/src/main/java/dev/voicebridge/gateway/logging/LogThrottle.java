package dev.voicebridge.gateway.logging;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides which log lines about events anyone on the network can cause get written (refused
 * upgrades, malformed SIP, a stack's complaints): at most one per key (a kind of line, or a source
 * and what it did) per interval, and that one learns how many were held back since the last one
 * for its key, so the log cannot grow without bound while the count still says how many there were.
 * Bounded: past {@code maxKeys} keys, stale ones are dropped, and if all are fresh new keys share
 * one entry, so a flood from many (possibly spoofed) addresses costs a fixed amount of memory. Safe
 * from any thread. Time is a monotonic {@code nanoTime} source, injected so tests move it without
 * sleeping; nothing here is compared with the wall clock.
 */
public final class LogThrottle {

    /** What {@link #admit} returns for a line to hold back. */
    public static final long HOLD = -1;

    private static final String OVERFLOW = "(other sources)";

    private final long intervalNanos;
    private final int maxKeys;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** One key's last written line and the lines held back since. Guarded by its own monitor. */
    private static final class Entry {
        private boolean written;
        private long lastWritten;
        private long held;
    }

    public LogThrottle(Duration interval, int maxKeys) {
        this(interval, maxKeys, System::nanoTime);
    }

    /** One kind of line only ({@link #admit()}). */
    public LogThrottle(Duration interval, LongSupplier nanoClock) {
        this(interval, 1, nanoClock);
    }

    public LogThrottle(Duration interval, int maxKeys, LongSupplier nanoClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, but was " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
    }

    /** {@link #admit(String)} for a throttle of one kind of line. */
    public long admit() {
        return admit("");
    }

    /**
     * Whether a line for {@code key} may be written now: {@link #HOLD} if not (it is counted), else
     * the number of lines held back for this key since the last one written.
     */
    public long admit(String key) {
        long now = nanoClock.getAsLong();
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() >= maxKeys) {
                entries.values().removeIf(e -> stale(e, now));
            }
            entry = entries.computeIfAbsent(entries.size() >= maxKeys ? OVERFLOW : key, k -> new Entry());
        }
        synchronized (entry) {
            if (entry.written && now - entry.lastWritten < intervalNanos) {
                entry.held++;
                return HOLD;
            }
            long held = entry.held;
            entry.written = true;
            entry.lastWritten = now;
            entry.held = 0;
            return held;
        }
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    private boolean stale(Entry entry, long now) {
        synchronized (entry) {
            return now - entry.lastWritten >= intervalNanos;
        }
    }
}
