package dev.voicebridge.gateway.rtp;

import java.util.concurrent.atomic.LongAdder;

/** Counters over every call's RTP since start-up, for metrics. */
public final class RtpTotals {

    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder rejectedSource = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder srtpRejected = new LongAdder();
    final LongAdder mediaTimeouts = new LongAdder();

    public long packetsIn() {
        return packetsIn.sum();
    }

    public long packetsOut() {
        return packetsOut.sum();
    }

    /** Caller packets declared lost by the jitter buffer (counted when a call ends). */
    public long lost() {
        return lost.sum();
    }

    /** Caller packets that came after their turn and were dropped (counted when a call ends). */
    public long late() {
        return late.sum();
    }

    public long rejectedSource() {
        return rejectedSource.sum();
    }

    public long malformed() {
        return malformed.sum();
    }

    /** SRTP/SRTCP packets refused: forged, corrupted, replayed or under the wrong key. */
    public long srtpRejected() {
        return srtpRejected.sum();
    }

    public long mediaTimeouts() {
        return mediaTimeouts.sum();
    }
}
