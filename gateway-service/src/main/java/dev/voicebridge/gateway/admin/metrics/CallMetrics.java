package dev.voicebridge.gateway.admin.metrics;

import dev.voicebridge.gateway.admin.health.CallCapacity;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallStats;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.EndReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The gateway's Micrometer meters (all prefixed {@code voicebridge.}; Prometheus names replace the
 * dots with underscores). Per-call counters (barge-ins, reconnects, dropped frames) are the sum over
 * live calls plus what ended calls had at their end, so they only ever grow.
 */
public final class CallMetrics {

    private final MeterRegistry registry;
    /** Held while a call moves from live to ended, so a total never counts it twice or not at all. */
    private final Object totalsLock = new Object();

    private final Timer inboundLatency;
    private final Timer outboundLatency;
    private final Timer firstAudio;
    private final Counter registryFailures;
    /** Held here because meters keep only weak references to what they read. */
    private volatile Supplier<Collection<CallStats>> liveStats;

    private final AtomicLong endedBargeIns = new AtomicLong();
    private final AtomicLong endedReconnects = new AtomicLong();
    private final AtomicLong endedDroppedIn = new AtomicLong();
    private final AtomicLong endedDroppedOut = new AtomicLong();
    private final AtomicLong endedLate = new AtomicLong();
    private final AtomicLong endedFramesIn = new AtomicLong();
    private final AtomicLong endedFramesOut = new AtomicLong();

    public CallMetrics(MeterRegistry registry, DefaultCallSessions sessions) {
        this.registry = registry;
        Gauge.builder("voicebridge.calls.active", sessions, DefaultCallSessions::liveCount)
                .description("Calls live on this gateway")
                .register(registry);
        Gauge.builder("voicebridge.calls.limit", sessions, DefaultCallSessions::maxCalls)
                .description("GATEWAY_MAX_CALLS")
                .register(registry);
        Gauge.builder("voicebridge.calls.accepting", sessions, s -> s.accepting() ? 1 : 0)
                .description("1 while new calls are admitted, 0 while draining or full")
                .register(registry);
        // Summed over the fleet, the headroom a scale-out policy can act on; readiness stays UP when full.
        Gauge.builder("voicebridge.calls.capacity.remaining", sessions, CallCapacity::remaining)
                .description("New calls this gateway would admit now: 0 while full or draining")
                .register(registry);
        FunctionCounter.builder(
                        "voicebridge.media.clock.late.ticks",
                        sessions,
                        s -> s.clock().lateTicks())
                .description("Media clock ticks that ran a frame or more late")
                .register(registry);
        FunctionCounter.builder(
                        "voicebridge.media.clock.skipped.ticks",
                        sessions,
                        s -> s.clock().skippedTicks())
                .description("Media clock ticks skipped after falling too far behind")
                .register(registry);
        inboundLatency = latency(
                "inbound",
                "Caller frame from the transport to Azure's socket (the gateway's"
                        + " processing; the append batch of GATEWAY_APPEND_MS comes on top)");
        outboundLatency = latency(
                "outbound",
                "Assistant audio from Azure to the caller's leg when nothing was"
                        + " queued ahead of it (decode, transcode, wait for the 20 ms tick)");
        firstAudio = Timer.builder("voicebridge.azure.first.audio")
                .description("End of caller speech (server VAD) to the first assistant audio sent to the caller")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        registryFailures = Counter.builder("voicebridge.registry.failures")
                .description("Call registry writes that failed (the call went on)")
                .register(registry);
    }

    /** Registers the meters read from the live calls; the call tracker calls this once. */
    public void bindLive(Supplier<Collection<CallStats>> liveStats) {
        this.liveStats = liveStats;
        Gauge.builder(
                        "voicebridge.playout.queue.depth",
                        liveStats,
                        s -> s.get().stream().mapToInt(CallStats::queueDepth).sum())
                .description("Assistant frames (20 ms) waiting for the media clock, summed over live calls")
                .baseUnit("frames")
                .register(registry);
        Gauge.builder(
                        "voicebridge.playout.queue.depth.max",
                        liveStats,
                        s -> s.get().stream()
                                .mapToInt(CallStats::queueDepth)
                                .max()
                                .orElse(0))
                .description("The deepest playout queue of any live call")
                .baseUnit("frames")
                .register(registry);
        total(
                "voicebridge.bargeins",
                "Times callers interrupted audible assistant speech",
                liveStats,
                CallStats::bargeIns,
                endedBargeIns,
                null);
        total(
                "voicebridge.azure.reconnects",
                "Fresh Azure Realtime sessions after a drop, expiry or stall",
                liveStats,
                CallStats::reconnects,
                endedReconnects,
                null);
        total(
                "voicebridge.frames.dropped",
                "Caller frames not delivered to Azure",
                liveStats,
                CallStats::droppedIn,
                endedDroppedIn,
                "inbound");
        total(
                "voicebridge.frames.dropped",
                "Assistant frames dropped because the playout queue was full",
                liveStats,
                CallStats::droppedOut,
                endedDroppedOut,
                "outbound");
        total("voicebridge.frames", "Caller frames received", liveStats, CallStats::framesIn, endedFramesIn, "inbound");
        total(
                "voicebridge.frames",
                "Assistant frames sent to callers",
                liveStats,
                CallStats::framesOut,
                endedFramesOut,
                "outbound");
        total(
                "voicebridge.frames.late",
                "Assistant frames handed out on a late media-clock tick",
                liveStats,
                CallStats::late,
                endedLate,
                null);
    }

    private void total(
            String name,
            String description,
            Supplier<Collection<CallStats>> live,
            ToLongFunction<CallStats> value,
            AtomicLong ended,
            String direction) {
        FunctionCounter.Builder<Supplier<Collection<CallStats>>> builder = FunctionCounter.builder(name, live, s -> {
                    synchronized (totalsLock) {
                        return ended.get() + s.get().stream().mapToLong(value).sum();
                    }
                })
                .description(description);
        if (direction != null) {
            builder.tag("direction", direction);
        }
        builder.register(registry);
    }

    private Timer latency(String direction, String description) {
        return Timer.builder("voicebridge.gateway.latency")
                .tag("direction", direction)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofMillis(500))
                .register(registry);
    }

    public void callStarted(CallSetup.Transport transport) {
        registry.counter("voicebridge.calls.started", "transport", transport.name())
                .increment();
    }

    public void callRejected(CallRejectedException.Reason reason) {
        registry.counter("voicebridge.calls.rejected", "reason", reason.name()).increment();
    }

    /**
     * Adds an ended call's final counters to the totals; call once per call, and stop listing it
     * among the live calls inside {@code removeFromLive}.
     */
    public void callEnded(EndReason reason, CallStats last, Runnable removeFromLive) {
        synchronized (totalsLock) {
            removeFromLive.run();
            addTotals(last);
        }
        registry.counter("voicebridge.calls.ended", "reason", reason == null ? "UNKNOWN" : reason.name())
                .increment();
    }

    private void addTotals(CallStats last) {
        if (last != null) {
            endedBargeIns.addAndGet(last.bargeIns());
            endedReconnects.addAndGet(last.reconnects());
            endedDroppedIn.addAndGet(last.droppedIn());
            endedDroppedOut.addAndGet(last.droppedOut());
            endedLate.addAndGet(last.late());
            endedFramesIn.addAndGet(last.framesIn());
            endedFramesOut.addAndGet(last.framesOut());
        }
    }

    public void setupTime(CallSetup.Transport transport, long nanos) {
        Timer.builder("voicebridge.call.setup")
                .tag("transport", transport.name())
                .description("Call handed to the gateway to its Azure Realtime session set up and verified")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(20))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void inbound(long nanos) {
        inboundLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void outbound(long nanos) {
        outboundLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void firstAudio(long nanos) {
        firstAudio.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void registryFailed() {
        registryFailures.increment();
    }
}
