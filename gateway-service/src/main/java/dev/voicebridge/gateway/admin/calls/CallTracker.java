package dev.voicebridge.gateway.admin.calls;

import dev.voicebridge.gateway.admin.health.AzureReachability;
import dev.voicebridge.gateway.admin.metrics.CallMetrics;
import dev.voicebridge.gateway.call.CallObserver;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallStats;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegState;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.call.StateChange;
import dev.voicebridge.model.event.Direction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every call this gateway carries: writes its transitions to the call registry (off the
 * media threads, one write after another per call), feeds the meters, and keeps recently ended
 * calls so their media stats and transcript can still be read through the API.
 *
 * <p>It learns about calls as the {@link CallObserver} of the gateway's call sessions: their
 * lifecycle (started, refused, failed, ended) and timing points. It never sits on the media path:
 * transports hand caller frames to the call session itself, and the only per-frame report is one
 * timer record ({@link #callerAudioHandled}). Called on the threads {@link CallObserver} names;
 * registry writes run on virtual threads of their own.
 */
public final class CallTracker implements CallObserver, AutoCloseable {

    /** Ended calls whose stats and transcript stay readable on this instance. */
    static final int RECENT_ENDED = 200;

    private static final Logger log = LoggerFactory.getLogger(CallTracker.class);

    private final CallRegistry registry;
    private final CallMetrics metrics;
    private final AzureReachability azure;
    private final Clock clock;
    private final TranscriptWriter transcripts;
    private final ExecutorService writer = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("call-registry-", 0).factory());
    private final ConcurrentHashMap<String, TrackedCall> live = new ConcurrentHashMap<>();
    private final Map<String, TrackedCall> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TrackedCall> eldest) {
            if (size() > RECENT_ENDED) {
                CallLogContext.forget(eldest.getKey());
                return true;
            }
            return false;
        }
    };

    public CallTracker(
            CallRegistry registry,
            CallMetrics metrics,
            AzureReachability azure,
            Clock clock,
            TranscriptWriter transcripts) {
        this.registry = registry;
        this.transcripts = transcripts;
        this.metrics = metrics;
        this.azure = azure;
        this.clock = clock;
        metrics.bindLive(this::liveStats);
    }

    @Override
    public void callStarted(CallSession session) {
        CallSetup setup = session.setup();
        CallLogContext.register(setup.callId(), setup.smaTransactionId());
        TrackedCall call = new TrackedCall(setup, clock.instant(), session);
        // Listed before the session starts, so its first timing report (assistant ready) finds it.
        live.put(call.callId(), call);
        if (session.assistant() != null) {
            transcripts.follow(
                    call.registryId(), call.callId(), session.assistant().transcript());
        }
        metrics.callStarted(call.setup().transport());
        Instant at = clock.instant();
        String how = call.setup().transport() == CallSetup.Transport.SIP
                ? "gateway answered the bridge (SIP)"
                : "media stream started (WebSocket)";
        write(call, status -> {
            CallStatus next = status;
            if (next.state() != CallState.CONNECTED && next.state().canMoveTo(CallState.CONNECTED)) {
                next = next.transitionTo(CallState.CONNECTED, at, how);
            }
            return next.withLeg(
                    new LegStatus(call.callId(), LegRole.GATEWAY, LegState.CONNECTED, call.openedAt(), null), at);
        });
    }

    @Override
    public void callRejected(CallSetup setup, CallRejectedException.Reason reason) {
        metrics.callRejected(reason);
    }

    @Override
    public void callFailed(CallSetup setup) {
        TrackedCall call = live.get(setup.callId());
        if (call != null && call.setup() == setup && live.remove(setup.callId(), call)) {
            CallLogContext.forget(setup.callId());
        }
    }

    @Override
    public void callEnded(CallSession session, EndReason reason) {
        TrackedCall call = live.get(session.callId());
        if (call != null && call.session() == session) {
            ended(call, reason);
        }
    }

    /** The call ended, from either side; only the first report counts. */
    private void ended(TrackedCall call, EndReason reason) {
        Instant at = clock.instant();
        if (!call.markEnded(reason, at)) {
            return;
        }
        if (reason == EndReason.AZURE_UNAVAILABLE) {
            azure.callFailed();
        }
        CallStats last = call.stats();
        metrics.callEnded(reason, last, () -> {
            live.remove(call.callId(), call);
            synchronized (recent) {
                recent.put(call.callId(), call);
            }
        });
        // A transferred caller is still on the phone, now with someone else; the SMA Lambda ends
        // the call when that leg ends.
        CallState target = reason == EndReason.TRANSFERRED ? CallState.TRANSFERRING : CallState.ENDED;
        write(call, status -> {
            LegStatus leg = status.legs().stream()
                    .filter(l -> l.legId().equals(call.callId()))
                    .findFirst()
                    .orElse(new LegStatus(call.callId(), LegRole.GATEWAY, LegState.CONNECTED, call.openedAt(), null));
            CallStatus next = status.withLeg(leg.disconnected(at), at);
            if (next.state() != target && next.state().canMoveTo(target)) {
                next = next.transitionTo(target, at, reason == null ? "ended" : reason.name());
            }
            return next;
        });
    }

    @Override
    public void assistantReady(CallSession session, boolean afterReconnect) {
        azure.callSucceeded();
        TrackedCall call = live.get(session.callId());
        if (call != null && !afterReconnect && call.firstReady()) {
            metrics.setupTime(call.setup().transport(), System.nanoTime() - call.openedNanos());
        }
    }

    @Override
    public void firstAudioAfterSpeech(CallSession session, long nanos) {
        metrics.firstAudio(nanos);
    }

    @Override
    public void assistantAudioLatency(CallSession session, long nanos) {
        metrics.outbound(nanos);
    }

    @Override
    public void callerAudioHandled(CallSession session, long nanos) {
        metrics.inbound(nanos);
    }

    /**
     * The call's recording is at {@code location}: written to its record after the call's own
     * writes; a call no longer kept here is updated by its id.
     */
    public void recorded(String callId, String location) {
        Optional<TrackedCall> call = find(callId);
        if (call.isPresent()) {
            write(call.get(), status -> status.withRecording(location, clock.instant()));
            return;
        }
        writer.execute(() -> {
            try (var scope = CallLogContext.open(callId)) {
                registry.update(callId, status -> status.withRecording(location, clock.instant()), null);
            } catch (RuntimeException e) {
                metrics.registryFailed();
                log.warn("call registry update of the recording failed: {}", e.toString());
            }
        });
    }

    /** A live or recently ended call of this gateway, by gateway call id or SMA transaction id. */
    public Optional<TrackedCall> find(String id) {
        TrackedCall call = live.get(id);
        if (call != null) {
            return Optional.of(call);
        }
        for (TrackedCall c : live.values()) {
            if (c.registryId().equals(id)) {
                return Optional.of(c);
            }
        }
        synchronized (recent) {
            call = recent.get(id);
            if (call != null) {
                return Optional.of(call);
            }
            return recent.values().stream()
                    .filter(c -> c.registryId().equals(id))
                    .reduce((a, b) -> b);
        }
    }

    public Collection<TrackedCall> live() {
        return List.copyOf(live.values());
    }

    /** Counters of the live calls, for the meters. */
    public Collection<CallStats> liveStats() {
        List<CallStats> stats = new ArrayList<>();
        for (TrackedCall call : live.values()) {
            CallStats s = call.stats();
            if (s != null) {
                stats.add(s);
            }
        }
        return stats;
    }

    public CallRegistry registry() {
        return registry;
    }

    /** Where the transcripts of every instance's calls are kept. */
    public TranscriptWriter transcripts() {
        return transcripts;
    }

    /** Waits (up to {@code timeout}) until every registry and transcript write queued so far is done. */
    public boolean flush(Duration timeout) {
        if (!transcripts.flush(timeout)) {
            return false;
        }
        List<CompletableFuture<Void>> tails = new ArrayList<>();
        live.values().forEach(c -> tails.add(c.registryTail));
        synchronized (recent) {
            recent.values().forEach(c -> tails.add(c.registryTail));
        }
        try {
            CompletableFuture.allOf(tails.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void write(TrackedCall call, UnaryOperator<CallStatus> change) {
        CallSetup setup = call.setup();
        synchronized (call) {
            call.registryTail = call.registryTail.thenRunAsync(
                    () -> {
                        try (var scope = CallLogContext.open(call.callId())) {
                            registry.update(call.registryId(), change, () -> firstSeen(call));
                        } catch (RuntimeException e) {
                            metrics.registryFailed();
                            log.warn("call registry update failed; the call goes on: {}", e.toString());
                        }
                    },
                    writer);
        }
    }

    /** A call the registry has not heard of yet (a WebSocket call, or no SMA Lambda writing). */
    private static CallStatus firstSeen(TrackedCall call) {
        CallSetup setup = call.setup();
        Instant at = call.openedAt();
        String smaId = SmaCallControl.smaCall(setup)
                .map(SmaCallControl.SmaCall::sipMediaApplicationId)
                .orElse(null);
        return new CallStatus(
                call.registryId(),
                setup.smaTransactionId(),
                smaId,
                setup.from(),
                setup.to(),
                Direction.INBOUND,
                CallState.RINGING,
                List.of(new StateChange(CallState.RINGING, at, "call reached the gateway")),
                null,
                List.of(),
                null,
                null,
                at,
                at,
                1);
    }

    @Override
    public void close() {
        flush(Duration.ofSeconds(10));
        writer.shutdown();
    }
}
