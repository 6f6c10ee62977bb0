package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioTranscoder;
import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.RealtimeConnector;
import dev.voicebridge.gateway.realtime.RealtimeProperties;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Admits calls (up to GATEWAY_MAX_CALLS, none while draining), runs one {@link CallSession} each on
 * the shared {@link MediaClock}, and keeps the registry of live calls the admin API reads. {@link
 * #open} runs on the transport's thread (see {@link CallSessions#open}); the only thing in it that
 * may block is {@link PlacedCalls#join}'s read of a placed call's request, for SIP calls only.
 */
@Component
public class DefaultCallSessions implements CallSessions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DefaultCallSessions.class);

    private final CallProperties properties;
    private final RealtimeConnector connector;
    private final CallTools tools;
    private final Clock wallClock;
    private final PlacedCalls placed;
    private final MediaClock clock = new MediaClock();
    private final CallPrompts prompts = new CallPrompts();
    private final ConcurrentHashMap<String, CallSession> live = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile boolean draining;
    private volatile CallObserver observer = CallObserver.NONE;
    private volatile CallTap.Opener taps = CallTap.Opener.NONE;

    public DefaultCallSessions(
            CallProperties properties,
            RealtimeConnector connector,
            CallTools tools,
            Clock wallClock,
            PlacedCalls placed) {
        this.properties = properties;
        this.placed = placed;
        this.connector = connector;
        this.tools = tools;
        this.wallClock = wallClock;
    }

    @Override
    public CallLegListener open(CallSetup transportSetup, CallLeg leg) throws CallRejectedException {
        // The call's assistant profile, and for a call placed through the calls API its request's prompt.
        CallSetup setup = placed.join(transportSetup);
        CallOverrides overrides = CallOverrides.of(setup);
        CallObserver observer = this.observer;
        if (draining) {
            observer.callRejected(setup, CallRejectedException.Reason.DRAINING);
            throw new CallRejectedException(CallRejectedException.Reason.DRAINING, "the gateway is draining");
        }
        if (admitted.incrementAndGet() > properties.maxCalls()) {
            admitted.decrementAndGet();
            observer.callRejected(setup, CallRejectedException.Reason.AT_CAPACITY);
            throw new CallRejectedException(
                    CallRejectedException.Reason.AT_CAPACITY,
                    "at the limit of " + properties.maxCalls() + " calls (GATEWAY_MAX_CALLS)");
        }
        if (live.containsKey(setup.callId())) {
            admitted.decrementAndGet();
            throw duplicate(setup, observer);
        }
        CallSession session = null;
        CallTap tap = CallTap.NONE;
        try {
            RealtimeProperties rt = connector.properties();
            AzureAudioFormat format =
                    AudioTranscoder.azureFormatFor(leg.format(), rt.audio() == RealtimeProperties.AudioMode.PCM16);
            // The environment's settings, then the call's profile, then its request's prompt.
            SessionConfig config = overrides.applyTo(placed.profileOf(setup)
                    .applyTo(new SessionConfig(
                            rt.instructions(),
                            rt.voice() == null || rt.voice().isBlank()
                                    ? connector.protocol().defaultVoice()
                                    : rt.voice(),
                            format,
                            rt.vad().toTurnDetection(),
                            rt.transcriptionModel() == null
                                            || rt.transcriptionModel().isBlank()
                                    ? null
                                    : rt.transcriptionModel(),
                            tools.definitions(setup))));
            CallSession call = new CallSession(
                    setup,
                    leg,
                    clock,
                    wallClock,
                    properties,
                    tools,
                    prompts,
                    format,
                    rt.vad().interruptResponse(),
                    this::ended);
            session = call;
            session.attach(new AssistantSession(
                    setup.callId(),
                    connector,
                    config,
                    properties.appendMs(),
                    properties.callerBufferMs(),
                    overrides.greetFirst(rt.greetFirst()),
                    new Transcript(wallClock, call::transcriptLine),
                    wallClock,
                    session));
            session.observe(observer);
            if (live.putIfAbsent(setup.callId(), session) != null) {
                admitted.decrementAndGet(); // a twin of the same id won the race; it stays as it is
                throw duplicate(setup, observer);
            }
            observer.callStarted(session);
            tap = taps.open(setup, leg.format());
            session.tap(tap);
            session.start();
            // The transport feeds the session itself: nothing sits between a caller's frame and its call.
            return session;
        } catch (RuntimeException e) {
            // Unless the call got listed and has already ended (and so given its place back)
            if (session == null || live.remove(setup.callId(), session)) {
                admitted.decrementAndGet();
            }
            tap.callEnded(); // a tap's end is idempotent: the session may have ended it already
            observer.callFailed(setup);
            throw e;
        }
    }

    private static CallRejectedException duplicate(CallSetup setup, CallObserver observer) {
        observer.callRejected(setup, CallRejectedException.Reason.DUPLICATE_CALL_ID);
        return new CallRejectedException(
                CallRejectedException.Reason.DUPLICATE_CALL_ID,
                "call " + setup.callId() + " is already live on this gateway");
    }

    private void ended(CallSession session) {
        if (live.remove(session.callId(), session)) {
            admitted.decrementAndGet();
        }
    }

    @Override
    public boolean accepting() {
        return !draining && admitted.get() < properties.maxCalls();
    }

    /** The lifecycle and timing points of every call opened from now on go to {@code observer}. */
    public void observe(CallObserver observer) {
        this.observer = observer == null ? CallObserver.NONE : observer;
    }

    /** Both directions of the audio of every call opened from now on go to the tap {@code taps} opens. */
    public void tapWith(CallTap.Opener taps) {
        this.taps = taps == null ? CallTap.Opener.NONE : taps;
    }

    /** Who is told of the calls opened from now on. */
    public CallObserver observer() {
        return observer;
    }

    /** Stops admitting calls (true) or starts again (false); live calls go on. */
    public void setDraining(boolean draining) {
        this.draining = draining;
        log.info(draining ? "draining: new calls are refused" : "accepting calls again");
    }

    public boolean draining() {
        return draining;
    }

    public int liveCount() {
        return live.size();
    }

    public int maxCalls() {
        return properties.maxCalls();
    }

    public Optional<CallSession> find(String callId) {
        return Optional.ofNullable(live.get(callId));
    }

    public Collection<CallSession> sessions() {
        return List.copyOf(live.values());
    }

    /** Ends a live call from the gateway side; false when there is no such call. */
    public boolean hangUp(String callId, EndReason reason) {
        CallSession session = live.get(callId);
        if (session == null) {
            return false;
        }
        session.hangUp(reason);
        return true;
    }

    /** The clock, for metrics (late and skipped ticks). */
    public MediaClock clock() {
        return clock;
    }

    @Override
    public void close() {
        draining = true;
        for (CallSession session : live.values()) {
            session.hangUp(EndReason.DRAINED);
        }
        clock.close();
    }
}
