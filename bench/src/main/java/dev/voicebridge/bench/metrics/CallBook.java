package dev.voicebridge.bench.metrics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What both sides of the gateway saw of one call, joined by the call index carried in every stamp:
 * which caller frames reached Azure, which echoed frames Azure sent and when, and when Azure heard the
 * caller start speaking (so echoed audio flushed by a barge-in is told apart from audio lost).
 */
public final class CallBook {

    private final BitSet seenUp = new BitSet();
    private final ConcurrentHashMap<Integer, Long> pendingDown = new ConcurrentHashMap<>();
    private final List<Long> speechStarts = new ArrayList<>();
    private volatile long firstUpMicros = -1;

    /**
     * The tap saw caller frame {@code seq} arrive at Azure's side. Returns false when it had been
     * seen already: the gateway conceals a lost RTP packet by repeating the frame before it, stamp
     * and all, and that copy is neither a frame that arrived nor a latency sample.
     */
    public boolean seenUp(int seq, long atMicros) {
        synchronized (seenUp) {
            if (firstUpMicros < 0) {
                firstUpMicros = atMicros;
            }
            if (seenUp.get(seq)) {
                return false;
            }
            seenUp.set(seq);
            return true;
        }
    }

    /** The tap saw Azure send echoed frame {@code seq}. */
    public void sentDown(int seq, long atMicros) {
        pendingDown.put(seq, atMicros);
    }

    /** The caller heard echoed frame {@code seq}; returns when Azure sent it, or -1. */
    public long heardDown(int seq) {
        Long at = pendingDown.remove(seq);
        return at == null ? -1 : at;
    }

    public void speechStarted(long atMicros) {
        synchronized (speechStarts) {
            speechStarts.add(atMicros);
        }
    }

    /** When media first reached Azure, or -1. */
    public long firstUpMicros() {
        return firstUpMicros;
    }

    /**
     * Caller frames lost on the way to Azure: every frame from the call's first (sent while its
     * Azure session may still be setting up, as a caller who speaks at once does) to the last one
     * sent, that Azure never got.
     */
    public long upLost(int lastSentSeq) {
        synchronized (seenUp) {
            int range = lastSentSeq + 1;
            return Math.max(0, range - seenUp.get(0, range).cardinality());
        }
    }

    public long upSeenCount() {
        synchronized (seenUp) {
            return seenUp.cardinality();
        }
    }

    /**
     * Echoed frames Azure sent that the caller never heard, split into those a barge-in flushed and
     * those lost. A frame counts as flushed when Azure heard the caller start speaking within
     * {@code flushWindowMicros} after sending it: the gateway drops its playout queue then, by design,
     * and that queue holds at most the audio Azure sent ahead of real time.
     */
    public long[] downUnheard(long flushWindowMicros) {
        long[] starts;
        synchronized (speechStarts) {
            starts = speechStarts.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        long flushed = 0;
        long lost = 0;
        for (long at : pendingDown.values()) {
            int i = java.util.Arrays.binarySearch(starts, at);
            int next = i >= 0 ? i : -i - 1;
            if (next < starts.length && starts[next] - at <= flushWindowMicros) {
                flushed++;
            } else {
                lost++;
            }
        }
        return new long[] {flushed, lost};
    }
}
