package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.AssistantSession;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call's media counters, the numbers behind {@link CallStats}. Owns nothing else: no locks, no
 * audio, no decisions.
 *
 * <p>Threads. Each counter has one writing thread, and any thread (admin API, meters) may read
 * them at any time without a lock:
 *
 * <ul>
 *   <li>caller frames in and their arrival jitter, frames dropped on the way to Azure: the transport thread
 *       that delivers the call's frames (the RTP session's or the WebSocket's event loop);
 *   <li>frames out, silence ticks, late frames: the media clock;
 *   <li>barge-ins, discarded late deltas, bytes from Azure: the Realtime event loop;
 *   <li>queue depth: whoever last changed the playout queue, under the playout's lock.
 * </ul>
 */
final class CallCounters {

    private static final long FRAME_NANOS = 20_000_000L;

    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong silenceFrames = new AtomicLong();
    private final AtomicLong droppedIn = new AtomicLong();
    private final AtomicLong lateFrames = new AtomicLong();
    private final AtomicLong bargeIns = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong bytesFromAzure = new AtomicLong();
    private volatile int queueDepth;
    // Interarrival jitter of caller frames (RFC 3550 estimator, expected spacing 20 ms), written by
    // the one transport thread that delivers the call's frames.
    private long lastArrivalNanos;
    private volatile double jitterNanos;

    /** A caller frame arrived from the leg at {@code nanos} (System.nanoTime). */
    void frameIn(long nanos) {
        framesIn.incrementAndGet();
        long previous = lastArrivalNanos;
        lastArrivalNanos = nanos;
        if (previous != 0) {
            long deviation = Math.abs(nanos - previous - FRAME_NANOS);
            jitterNanos += (deviation - jitterNanos) / 16.0;
        }
    }

    void addDroppedIn(int frames) {
        if (frames > 0) {
            droppedIn.addAndGet(frames);
        }
    }

    void frameOut(boolean late) {
        framesOut.incrementAndGet();
        if (late) {
            lateFrames.incrementAndGet();
        }
    }

    void silenceTick() {
        silenceFrames.incrementAndGet();
    }

    void bargeIn() {
        bargeIns.incrementAndGet();
    }

    void discardedDelta() {
        discarded.incrementAndGet();
    }

    void fromAzure(int bytes) {
        bytesFromAzure.addAndGet(bytes);
    }

    void setQueueDepth(int frames) {
        queueDepth = frames;
    }

    long framesIn() {
        return framesIn.get();
    }

    long framesOut() {
        return framesOut.get();
    }

    long silenceFrames() {
        return silenceFrames.get();
    }

    long droppedIn() {
        return droppedIn.get();
    }

    long lateFrames() {
        return lateFrames.get();
    }

    long bargeIns() {
        return bargeIns.get();
    }

    long discarded() {
        return discarded.get();
    }

    long bytesFromAzure() {
        return bytesFromAzure.get();
    }

    int queueDepth() {
        return queueDepth;
    }

    /** Caller-audio interarrival jitter as the call receives it, in milliseconds. */
    double jitterMillis() {
        return jitterNanos / 1_000_000.0;
    }

    /** These counters with the call's identity, its playout overflow and its assistant's numbers. */
    CallStats snapshot(CallSetup setup, Instant startedAt, String state, long droppedOut, AssistantSession assistant) {
        return new CallStats(
                setup.callId(),
                setup.transport(),
                startedAt,
                state,
                framesIn(),
                framesOut(),
                silenceFrames(),
                droppedIn(),
                droppedOut,
                lateFrames(),
                jitterMillis(),
                queueDepth(),
                bargeIns(),
                discarded(),
                assistant.reconnects(),
                assistant.rollovers(),
                assistant.truncates(),
                assistant.bytesSent(),
                bytesFromAzure(),
                assistant.usage());
    }
}
