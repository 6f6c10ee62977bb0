package dev.voicebridge.gateway.admin.calls;

import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallStats;
import dev.voicebridge.gateway.call.EndReason;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the admin side knows about one call this gateway carries or carried: its set-up, its call
 * session while live, its final counters once ended, and caller-audio arrival jitter.
 */
public final class TrackedCall {

    private static final long FRAME_NANOS = 20_000_000L;

    private final CallSetup setup;
    private final String registryId;
    private final Instant openedAt;
    private final long openedNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean readySeen = new AtomicBoolean();
    private volatile CallSession session;
    private volatile EndReason endReason;
    private volatile Instant endedAt;
    private volatile CallStats finalStats;
    // Interarrival jitter of caller frames (RFC 3550 estimator, expected spacing 20 ms). Written by
    // the one transport thread that delivers the call's frames.
    private long lastArrivalNanos;
    private volatile double jitterNanos;
    /** Registry writes of this call run one after another, in order. */
    CompletableFuture<Void> registryTail = CompletableFuture.completedFuture(null);

    TrackedCall(CallSetup setup, Instant openedAt) {
        this.setup = setup;
        this.registryId =
                setup.smaTransactionId() != null && !setup.smaTransactionId().isBlank()
                        ? setup.smaTransactionId()
                        : setup.callId();
        this.openedAt = openedAt;
    }

    public CallSetup setup() {
        return setup;
    }

    /** The id in the call registry: the SMA TransactionId when the call came through an SMA. */
    public String registryId() {
        return registryId;
    }

    public String callId() {
        return setup.callId();
    }

    public Instant openedAt() {
        return openedAt;
    }

    long openedNanos() {
        return openedNanos;
    }

    public CallSession session() {
        return session;
    }

    void attach(CallSession session) {
        this.session = session;
    }

    public boolean ended() {
        return ended.get();
    }

    boolean markEnded(EndReason reason, Instant at) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        endReason = reason;
        endedAt = at;
        CallSession s = session;
        finalStats = s == null ? null : s.stats();
        return true;
    }

    boolean firstReady() {
        return readySeen.compareAndSet(false, true);
    }

    public EndReason endReason() {
        return endReason;
    }

    public Instant endedAt() {
        return endedAt;
    }

    /** Live counters, or the last ones of an ended call; null if the session never started. */
    public CallStats stats() {
        CallStats last = finalStats;
        if (last != null) {
            return last;
        }
        CallSession s = session;
        return s == null ? null : s.stats();
    }

    void callerFrameArrived(long nanos) {
        long previous = lastArrivalNanos;
        lastArrivalNanos = nanos;
        if (previous != 0) {
            long deviation = Math.abs(nanos - previous - FRAME_NANOS);
            jitterNanos += (deviation - jitterNanos) / 16.0;
        }
    }

    /** Caller-audio interarrival jitter as the gateway sees it, in milliseconds. */
    public double jitterMillis() {
        return jitterNanos / 1_000_000.0;
    }
}
