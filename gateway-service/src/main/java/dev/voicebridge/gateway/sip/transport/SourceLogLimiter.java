package dev.voicebridge.gateway.sip.transport;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides which log lines about unwanted input get written: at most one per key (a source and what
 * it did, or a kind of stack complaint) per interval, and how many were held back since the last one
 * written for that key. Bounded: past {@code maxKeys} keys, stale ones are dropped, and if all are
 * fresh new keys share one entry, so a flood from many (possibly spoofed) addresses costs a fixed
 * amount of memory. Safe from any thread.
 */
public final class SourceLogLimiter {

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

    public SourceLogLimiter(Duration interval, int maxKeys) {
        this(interval, maxKeys, System::nanoTime);
    }

    SourceLogLimiter(Duration interval, int maxKeys, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.maxKeys = maxKeys;
        this.nanoClock = nanoClock;
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

    private boolean stale(Entry entry, long now) {
        synchronized (entry) {
            return now - entry.lastWritten >= intervalNanos;
        }
    }
}
