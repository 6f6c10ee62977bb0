package dev.voicebridge.gateway.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts the caller's RTP packets back in order for the model. The listener is a speech model, not a
 * loudspeaker: it consumes a stream and does not care when each frame arrives, only that frames come
 * in order and that gaps are filled. So this buffer is packet-driven rather than clocked: an in-order
 * packet is released at once (no added latency on a clean network); an out-of-order packet waits until
 * the missing ones arrive, until {@code maxHeldPackets} are waiting, or until the oldest waiting one
 * is {@code maxHoldNanos} old ({@link #flushDue}). Then the missing packets are declared lost and
 * reported as a {@link Playout.Gap} for the caller to conceal.
 *
 * <p>Sequence numbers are extended past 16-bit wrap. A packet behind the playout point is late and
 * dropped; a jump of more than {@link #MAX_DROPOUT} forward or {@link #MAX_MISORDER} back, or a new
 * SSRC, means the sender restarted: what is held is released and the buffer resynchronises (RFC 3550
 * appendix A.1 uses the same limits).
 *
 * <p>Not thread-safe: one call's packets are handled on one event-loop thread.
 */
public final class JitterBuffer {

    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;

    /** What the buffer releases, in playout order. */
    public sealed interface Playout {
        /** A packet's payload; {@code audio} is false for packets that carry no sound (DTMF events). */
        record Packet(RtpPacket packet, boolean audio) implements Playout {}

        /** {@code packets} consecutive packets that never arrived. */
        record Gap(int packets) implements Playout {}
    }

    public record Stats(long received, long late, long duplicates, long lost, long reordered, long resyncs) {}

    private record Held(RtpPacket packet, boolean audio, long arrivalNanos) {}

    private final int maxHeldPackets;
    private final long maxHoldNanos;
    private final TreeMap<Long, Held> held = new TreeMap<>();
    private long ssrc = -1;
    private long nextSeq;
    private long received;
    private long late;
    private long duplicates;
    private long lost;
    private long reordered;
    private long resyncs;

    public JitterBuffer(int maxHeldPackets, long maxHoldNanos) {
        if (maxHeldPackets < 1) {
            throw new IllegalArgumentException("maxHeldPackets must be at least 1, was " + maxHeldPackets);
        }
        if (maxHoldNanos <= 0) {
            throw new IllegalArgumentException("maxHoldNanos must be positive, was " + maxHoldNanos);
        }
        this.maxHeldPackets = maxHeldPackets;
        this.maxHoldNanos = maxHoldNanos;
    }

    /** Takes one packet and returns whatever can now be played, in order (often just that packet). */
    public List<Playout> offer(RtpPacket packet, boolean audio, long nowNanos) {
        List<Playout> out = new ArrayList<>(2);
        received++;
        if (packet.ssrc() != ssrc) {
            if (ssrc != -1) {
                resyncs++;
                drainAll(out);
            }
            ssrc = packet.ssrc();
            nextSeq = packet.sequence();
        }
        int delta = (short) (packet.sequence() - (int) (nextSeq & 0xFFFF));
        if (delta > MAX_DROPOUT || delta < -MAX_MISORDER) {
            resyncs++;
            drainAll(out);
            nextSeq = packet.sequence();
            delta = 0;
        }
        if (delta < 0) {
            late++;
            return out;
        }
        long extended = nextSeq + delta;
        if (held.containsKey(extended)) {
            duplicates++;
            return out;
        }
        if (!held.isEmpty() && extended < held.lastKey()) {
            reordered++;
        }
        held.put(extended, new Held(packet, audio, nowNanos));
        releaseInOrder(out);
        while (held.size() > maxHeldPackets) {
            skipToFirstHeld(out);
            releaseInOrder(out);
        }
        return out;
    }

    /**
     * Called from a timer: gives up on missing packets once the oldest waiting packet has waited
     * {@code maxHoldNanos}, so a loss at the end of a talkspurt does not hold the audio back forever.
     */
    public List<Playout> flushDue(long nowNanos) {
        List<Playout> out = new ArrayList<>(2);
        while (!held.isEmpty() && oldestArrival() + maxHoldNanos <= nowNanos) {
            skipToFirstHeld(out);
            releaseInOrder(out);
        }
        return out;
    }

    /** When {@link #flushDue} will next release something, or Long.MAX_VALUE when nothing is held. */
    public long nextDueNanos() {
        return held.isEmpty() ? Long.MAX_VALUE : oldestArrival() + maxHoldNanos;
    }

    public boolean isHolding() {
        return !held.isEmpty();
    }

    public Stats stats() {
        return new Stats(received, late, duplicates, lost, reordered, resyncs);
    }

    private long oldestArrival() {
        long oldest = Long.MAX_VALUE;
        for (Held h : held.values()) {
            oldest = Math.min(oldest, h.arrivalNanos());
        }
        return oldest;
    }

    private void releaseInOrder(List<Playout> out) {
        Map.Entry<Long, Held> first;
        while ((first = held.firstEntry()) != null && first.getKey() == nextSeq) {
            held.pollFirstEntry();
            out.add(new Playout.Packet(
                    first.getValue().packet(), first.getValue().audio()));
            nextSeq++;
        }
    }

    private void skipToFirstHeld(List<Playout> out) {
        long first = held.firstKey();
        int missing = (int) (first - nextSeq);
        if (missing > 0) {
            lost += missing;
            out.add(new Playout.Gap(missing));
        }
        nextSeq = first;
    }

    private void drainAll(List<Playout> out) {
        while (!held.isEmpty()) {
            skipToFirstHeld(out);
            releaseInOrder(out);
        }
    }
}
