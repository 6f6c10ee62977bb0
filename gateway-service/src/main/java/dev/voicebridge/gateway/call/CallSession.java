package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.AudioTranscoder;
import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.Transcript;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One call: the coordinator that joins the caller's leg to an assistant session. Caller frames go
 * straight to Azure; assistant audio goes to the call's {@link CallPlayout}, from which the shared
 * media clock takes exactly one frame per tick; {@link CallCounters} keeps the numbers. This class
 * owns what ties them together: the call's identity and life (start, end, why it ended), the
 * caller's speaking state, and the timing reports to the {@link CallObserver}; tools reach the call
 * through a {@link CallToolContext}.
 *
 * <p>Threads. The transport's event loop (RTP or WebSocket) delivers caller frames, digits and the
 * leg's end ({@link CallLegListener}); the media clock calls {@link #tick}; the Realtime event loop
 * delivers assistant events ({@link AssistantSession.Listener}); tools call back on Reactor
 * workers; the admin API and drain hang up from their own threads. The session itself holds no
 * lock: the playout guards its own state, and every other field is volatile or atomic.
 */
public final class CallSession implements CallLegListener, MediaClock.Tickable, AssistantSession.Listener {

    private static final Logger log = LoggerFactory.getLogger(CallSession.class);

    /**
     * How long the assistant may be away mid-call before the caller is told to hold on, once per
     * outage. A shorter gap passes as a pause; a longer silence makes callers hang up.
     */
    static final long HOLD_PROMPT_AFTER_NANOS = 2_000_000_000L;

    private final CallSetup setup;
    private final CallLeg leg;
    private final MediaClock clock;
    private final CallProperties properties;
    private final CallTools tools;
    private final CallPrompts prompts;
    private final AudioTranscoder transcoder;
    private final AzureAudioFormat azureFormat;
    private final boolean interruptResponse;
    private final Consumer<CallSession> onEnded;
    private final Clock wallClock;
    private final Instant startedAt;
    private final CallCounters counters = new CallCounters();
    private final CallPlayout playout;
    private final CallToolContext toolContext;
    private AssistantSession assistant;

    private volatile boolean callerSpeaking;
    // The operator console, when an operator has joined; copilot: the model replies in text to the
    // operators and its audio never reaches the caller
    private volatile CallConsole console;
    private volatile boolean copilot;
    private CallTap tap = CallTap.NONE; // the recording, or NONE; set before the call starts
    private volatile EndReason endingReason;
    private volatile EndReason endReason;
    private volatile Instant endedAt;
    private final AtomicBoolean ended = new AtomicBoolean();
    // Timing for metrics (CallObserver): nanoTime of the caller's end of speech; 0 when not waiting
    // for the answer's first frame.
    private volatile CallObserver observer = CallObserver.NONE;
    private volatile long speechStoppedNanos;
    // nanoTime since the assistant was lost mid-call, 0 while it is there (Realtime loop writes);
    // the loss the hold prompt was last played for (the media clock's own)
    private volatile long assistantAwayNanos;
    private long holdPromptFor;
    // Whether the observer was told the leg answered (the media clock's own)
    private boolean answerReported;

    CallSession(
            CallSetup setup,
            CallLeg leg,
            MediaClock clock,
            Clock wallClock,
            CallProperties properties,
            CallTools tools,
            CallPrompts prompts,
            AzureAudioFormat azureFormat,
            boolean interruptResponse,
            Consumer<CallSession> onEnded) {
        this.setup = setup;
        this.leg = leg;
        this.wallClock = wallClock;
        this.startedAt = wallClock.instant();
        this.clock = clock;
        this.properties = properties;
        this.tools = tools;
        this.prompts = prompts;
        this.azureFormat = azureFormat;
        this.transcoder = new AudioTranscoder(leg.format(), azureFormat);
        this.interruptResponse = interruptResponse;
        this.onEnded = onEnded;
        this.playout =
                new CallPlayout(leg, azureFormat, properties.playoutQueueFrames(), counters, this::observeFrameOut);
        this.toolContext = new CallToolContext(this, leg);
    }

    void attach(AssistantSession assistant) {
        this.assistant = assistant;
    }

    void observe(CallObserver observer) {
        this.observer = observer;
    }

    /** Taps both directions of the call's audio (the recording); before {@link #start}. */
    void tap(CallTap tap) {
        this.tap = tap;
    }

    void start() {
        withCallId(() -> log.info(
                "call started: {} {} from {} to {}, leg {} <-> Azure {}",
                setup.transport(),
                setup.callId(),
                setup.from(),
                setup.to(),
                leg.format(),
                azureFormat));
        clock.add(this);
        assistant.start();
    }

    public String callId() {
        return setup.callId();
    }

    public CallSetup setup() {
        return setup;
    }

    public AssistantSession assistant() {
        return assistant;
    }

    public boolean ended() {
        return ended.get();
    }

    public EndReason endReason() {
        return endReason;
    }

    public CallStats stats() {
        String state = ended.get() ? "ENDED" : assistant.state().name();
        return counters.snapshot(setup, startedAt, state, playout.overflow(), assistant);
    }

    // ---- the media clock -----------------------------------------------------------------------

    @Override
    public void tick(long tick, boolean late) {
        if (ended.get()) {
            return;
        }
        if (!leg.answered()) {
            assistant.onClockTick(false); // the greeting waits in the queue for the answer
            return;
        }
        if (!answerReported) {
            answerReported = true;
            observer.callAnswered(this);
        }
        boolean drained = playout.tick(late, console, tap);
        long away = assistantAwayNanos;
        if (away != 0 && away != holdPromptFor && drained && System.nanoTime() - away >= HOLD_PROMPT_AFTER_NANOS) {
            holdPromptFor = away;
            playout.replaceWith(prompts.hold(leg.format()));
            withCallId(() -> log.info("assistant still away: the caller hears the hold prompt"));
        }
        assistant.onClockTick(drained && !callerSpeaking);
    }

    // ---- the caller's leg ----------------------------------------------------------------------

    @Override
    public void onCallerAudio(byte[] frame) {
        long arrived = System.nanoTime();
        counters.frameIn(arrived);
        CallConsole watching = console;
        if (watching != null) {
            watching.callerFrame(frame);
        }
        tap.callerFrame(frame);
        if (!ended.get()) {
            counters.addDroppedIn(assistant.sendCallerAudio(transcoder.toAzure(frame)));
        }
        observer.callerAudioHandled(this, System.nanoTime() - arrived);
    }

    @Override
    public void onDtmf(char digit) {
        if (!ended.get()) {
            assistant.callerPressed(digit);
        }
    }

    @Override
    public void onLegEnded(EndReason reason) {
        EndReason hint = endingReason;
        end(hint != null && reason == EndReason.CALLER_HANGUP ? hint : reason, false);
    }

    // ---- the assistant -------------------------------------------------------------------------

    @Override
    public void onReady(boolean afterReconnect) {
        assistantAwayNanos = 0;
        if (!afterReconnect) {
            leg.readyToAnswer();
        }
        observer.assistantReady(this, afterReconnect);
        observer.assistantStateChanged(this, AssistantSession.State.READY);
    }

    @Override
    public void onResponseStarted(String responseId) {
        playout.responseStarted(responseId);
    }

    @Override
    public void onAssistantAudio(String responseId, String itemId, byte[] audio) {
        if (copilot) {
            counters.discardedDelta(); // the tail of a response cut when an operator took over
        } else if (!ended.get()) {
            playout.add(responseId, itemId, audio, transcoder::toLeg);
        }
    }

    @Override
    public void onAssistantAudioDone(String responseId, String itemId) {
        playout.itemDone(itemId);
    }

    @Override
    public void onAssistantText(String responseId, String itemId, String text) {
        CallConsole watching = console;
        if (watching != null) {
            watching.suggestion(itemId, text);
        }
    }

    @Override
    public void onResponseDone(String responseId) {
        playout.responseDone(responseId);
    }

    /**
     * Barge-in, as one operation: the playout drops everything queued for the caller, has the leg
     * drop what it holds and ignores the rest of the interrupted response; then the server is told
     * how much the caller really heard (the frames the clock handed out for that item, capped at
     * the audio received; the assistant skips a truncate at 0, which the server would reject).
     */
    @Override
    public void onCallerSpeechStarted(String itemId) {
        callerSpeaking = true;
        speechStoppedNanos = 0;
        CallPlayout.Interruption cut = playout.bargeIn();
        if (cut == null) {
            return; // nothing audible: the caller just started talking, not an interruption
        }
        counters.bargeIn();
        long heard = cut.heardMs();
        assistant.truncate(cut.itemId(), heard, cut.receivedMs());
        if (!interruptResponse && cut.responseWasActive()) {
            assistant.cancelResponse();
        }
        withCallId(() -> log.info(
                "barge-in: item {} heard {} of {} ms{}",
                cut.itemId(),
                heard,
                cut.receivedMs(),
                heard > 0 ? "" : " (nothing heard: no truncate)"));
    }

    @Override
    public void onCallerSpeechStopped(String itemId) {
        callerSpeaking = false;
        speechStoppedNanos = System.nanoTime();
    }

    @Override
    public void onFunctionCall(String toolCallId, String name, String arguments) {
        observer.toolCalled(this, name, toolCallId);
        tools.invoke(name, arguments, toolContext)
                .subscribe(
                        result -> assistant.sendToolOutput(toolCallId, result.output(), result.continueConversation()));
    }

    @Override
    public void onReconnecting(String why) {
        playout.flushPartial();
        assistantAwayNanos = System.nanoTime();
        observer.assistantStateChanged(this, AssistantSession.State.RECONNECTING);
        withCallId(() -> log.warn("assistant lost ({}); the caller's audio is kept while a new session starts", why));
    }

    @Override
    public void onUnavailable(String why) {
        assistantAwayNanos = 0;
        observer.assistantStateChanged(this, AssistantSession.State.FAILED);
        playout.replaceWith(prompts.apology(leg.format()));
        leg.readyToAnswer();
        endingReason = EndReason.AZURE_UNAVAILABLE;
        playoutDone().subscribe(null, e -> {}, () -> end(EndReason.AZURE_UNAVAILABLE, true));
    }

    // ---- the gateway's side ----------------------------------------------------------------------

    /** Completes once the assistant's queued audio has played, or after the configured cap. */
    Mono<Void> playoutDone() {
        return playout.done(Duration.ofMillis(properties.drainHangupTimeoutMs()));
    }

    // ---- the operator console -------------------------------------------------------------------

    /** The format of the caller's leg, in both directions. */
    public AudioFormat legFormat() {
        return leg.format();
    }

    /** Attaches the operator console; it is told about every frame from now on. */
    public void attachConsole(CallConsole console) {
        this.console = console;
    }

    /** Detaches {@code console}, if it is the attached one. */
    public void detachConsole(CallConsole console) {
        if (this.console == console) {
            this.console = null;
        }
    }

    /** Whether an operator took over: the model replies in text, the caller hears the operator. */
    public boolean copilot() {
        return copilot;
    }

    /**
     * Copilot: the assistant stops at once, as for a barge-in (the queue and the leg are cleared,
     * the server told what was heard, the active response cancelled), and every reply from now on
     * is text. Off: audio replies again. Both hold across Realtime reconnects.
     */
    public void copilot(boolean on) {
        if (ended.get() || copilot == on) {
            return;
        }
        copilot = on;
        assistant.outputText(on);
        if (!on) {
            return;
        }
        CallPlayout.Interruption cut = playout.bargeIn();
        if (cut != null) {
            assistant.truncate(cut.itemId(), cut.heardMs(), cut.receivedMs());
        }
        if (assistant.responseActive()) {
            assistant.cancelResponse();
        }
    }

    /** Why the call is about to end, for a leg that someone else (the SMA) will hang up. */
    public void ending(EndReason reason) {
        endingReason = reason;
    }

    /** A final line of the call's transcript (the Realtime event loop), for the observer. */
    void transcriptLine(Transcript.Entry line) {
        observer.transcriptLine(this, line);
    }

    /** The SMA took the transfer to {@code to} (a tool's or a request's worker); the leg ends TRANSFERRED next. */
    public void transferred(String to) {
        observer.callTransferred(this, to);
    }

    /** Ends the call from the gateway side (tools, admin API, drain). */
    public void hangUp(EndReason reason) {
        end(reason, true);
    }

    // ---- internals -----------------------------------------------------------------------------

    private void end(EndReason reason, boolean hangUpLeg) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        endReason = reason;
        endedAt = wallClock.instant();
        clock.remove(this);
        assistant.close();
        playout.close();
        if (hangUpLeg) {
            safely("the leg's hang-up", () -> leg.hangUp(reason));
        }
        CallConsole watching = console;
        if (watching != null) {
            safely("operator console", () -> watching.callEnded(reason));
        }
        safely("recording", tap::callEnded);
        safely("call observer", () -> observer.callEnded(this, reason));
        onEnded.accept(this);
        CallStats s = stats();
        withCallId(() -> log.info(
                "call ended: {} after {} s; frames in {} out {} silence {}; dropped in {} out {};"
                        + " late {}; barge-ins {}; reconnects {}; tokens {}",
                reason,
                Duration.between(startedAt, endedAt).toSeconds(),
                s.framesIn(),
                s.framesOut(),
                s.silenceFrames(),
                s.droppedIn(),
                s.droppedOut(),
                s.late(),
                s.bargeIns(),
                s.reconnects(),
                s.usage().totalTokens()));
    }

    /** On the media clock, after a frame went to the leg: the latencies it ends, if any. */
    private void observeFrameOut(long arrived) {
        long now = System.nanoTime();
        if (arrived != 0) {
            observer.assistantAudioLatency(this, now - arrived);
        }
        long stopped = speechStoppedNanos;
        if (stopped != 0) {
            speechStoppedNanos = 0;
            observer.firstAudioAfterSpeech(this, now - stopped);
        }
    }

    /** Runs {@code work}, one of the call's followers told of its end; its failure never stops the end. */
    private void safely(String who, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            withCallId(() -> log.warn("{} failed on the end of the call: {}", who, e.toString()));
        }
    }

    private void withCallId(Runnable work) {
        CallLogContext.run(setup.callId(), work);
    }
}
