package dev.voicebridge.gateway.rtp;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Hands out RTP/RTCP port pairs (even, even + 1) from the configured range, round robin so a port
 * just released is not reused at once (late packets of the old call would land in the new one).
 * Binding can still fail when another process holds a port; the caller then releases it and asks again.
 */
final class RtpPortAllocator {

    private final int firstEven;
    private final int pairs;
    private final BitSet used;
    private int next;

    RtpPortAllocator(int portMin, int portMax) {
        this.firstEven = portMin + (portMin & 1);
        this.pairs = Math.max(0, (portMax - firstEven + 1) / 2);
        this.used = new BitSet(pairs);
    }

    synchronized OptionalInt acquire() {
        for (int i = 0; i < pairs; i++) {
            int index = (next + i) % pairs;
            if (!used.get(index)) {
                used.set(index);
                next = (index + 1) % pairs;
                return OptionalInt.of(firstEven + 2 * index);
            }
        }
        return OptionalInt.empty();
    }

    synchronized void release(int rtpPort) {
        int index = (rtpPort - firstEven) / 2;
        if (index >= 0 && index < pairs) {
            used.clear(index);
        }
    }

    synchronized int inUse() {
        return used.cardinality();
    }

    int capacity() {
        return pairs;
    }
}
