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
 * session while live, and its final counters once ended.
 */
public final class TrackedCall {

    private final CallSetup setup;
    private final String registryId;
    private final Instant openedAt;
    private final long openedNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean readySeen = new AtomicBoolean();
    private final CallSession session;
    private volatile EndReason endReason;
    private volatile Instant endedAt;
    private volatile CallStats finalStats;
    /** Registry writes of this call run one after another, in order. */
    CompletableFuture<Void> registryTail = CompletableFuture.completedFuture(null);

    TrackedCall(CallSetup setup, Instant openedAt, CallSession session) {
        this.setup = setup;
        this.registryId =
                setup.smaTransactionId() != null && !setup.smaTransactionId().isBlank()
                        ? setup.smaTransactionId()
                        : setup.callId();
        this.openedAt = openedAt;
        this.session = session;
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

    public boolean ended() {
        return ended.get();
    }

    boolean markEnded(EndReason reason, Instant at) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        endReason = reason;
        endedAt = at;
        finalStats = session.stats();
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

    /** Live counters, or the last ones of an ended call. */
    public CallStats stats() {
        CallStats last = finalStats;
        return last != null ? last : session.stats();
    }

    /** Caller-audio interarrival jitter as the call session sees it, in milliseconds. */
    public double jitterMillis() {
        return stats().callerJitterMs();
    }
}
