package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.AudioTranscoder;
import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.AssistantSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * One call: the caller's leg joined to an assistant session. Caller frames go straight to Azure;
 * assistant audio is cut into 20 ms frames into one bounded playout queue, from which the shared
 * media clock takes exactly one frame per tick. That queue is the only audio buffer on the way to
 * the caller, which is what makes barge-in one operation: flush it, tell the leg to clear, and
 * truncate the interrupted item at the milliseconds the clock actually handed out.
 */
public final class CallSession
        implements CallLegListener, MediaClock.Tickable, AssistantSession.Listener, ToolCallContext {

    private static final Logger log = LoggerFactory.getLogger(CallSession.class);

    private final CallSetup setup;
    private final CallLeg leg;
    private final MediaClock clock;
    private final CallProperties properties;
    private final CallTools tools;
    private final ApologyPrompt apology;
    private final AudioTranscoder transcoder;
    private final AzureAudioFormat azureFormat;
    private final boolean interruptResponse;
    private final Consumer<CallSession> onEnded;
    private final Clock wallClock;
    private final Instant startedAt;
    private AssistantSession assistant;

    // Playout state, guarded by lock.
    private final Object lock = new Object();
    private final PlayoutQueue playout;
    private final List<MonoSink<Void>> playoutWaiters = new ArrayList<>();
    private String activeResponseId;
    private String interruptedResponseId;

    private volatile boolean callerSpeaking;
    private volatile EndReason endingReason;
    private volatile EndReason endReason;
    private volatile Instant endedAt;
    private final AtomicBoolean ended = new AtomicBoolean();

    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong silenceFrames = new AtomicLong();
    private final AtomicLong droppedIn = new AtomicLong();
    private final AtomicLong lateFrames = new AtomicLong();
    private final AtomicLong bargeIns = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private final AtomicLong bytesFromAzure = new AtomicLong();
    private volatile int queueDepth;
    // Timing for metrics (CallObserver): nanoTime of the caller's end of speech, and of the arrival
    // of assistant audio that had nothing queued ahead of it; 0 when not waiting for a frame.
    private volatile CallObserver observer = CallObserver.NONE;
    private volatile long speechStoppedNanos;
    private volatile long audioArrivedNanos;

    CallSession(
            CallSetup setup,
            CallLeg leg,
            MediaClock clock,
            Clock wallClock,
            CallProperties properties,
            CallTools tools,
            ApologyPrompt apology,
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
        this.apology = apology;
        this.azureFormat = azureFormat;
        this.transcoder = new AudioTranscoder(leg.format(), azureFormat);
        this.interruptResponse = interruptResponse;
        this.onEnded = onEnded;
        this.playout = new PlayoutQueue(leg.format(), properties.playoutQueueFrames());
    }

    void attach(AssistantSession assistant) {
        this.assistant = assistant;
    }

    void observe(CallObserver observer) {
        this.observer = observer;
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

    @Override
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
        return new CallStats(
                setup.callId(),
                setup.transport(),
                startedAt,
                ended.get() ? "ENDED" : assistant.state().name(),
                framesIn.get(),
                framesOut.get(),
                silenceFrames.get(),
                droppedIn.get(),
                playoutOverflow(),
                lateFrames.get(),
                queueDepth,
                bargeIns.get(),
                discarded.get(),
                assistant.reconnects(),
                assistant.rollovers(),
                assistant.truncates(),
                assistant.bytesSent(),
                bytesFromAzure.get(),
                assistant.usage());
    }

    // ---- the media clock -----------------------------------------------------------------------

    @Override
    public void tick(long tick, boolean late) {
        if (ended.get()) {
            return;
        }
        byte[] frame;
        boolean drained;
        // The frame is handed to the leg under the lock, so "played" in a barge-in's truncate is
        // exactly the frames the leg had been given when it was told to clear.
        synchronized (lock) {
            frame = playout.poll();
            if (frame != null) {
                leg.sendFrame(frame);
            } else {
                leg.sendSilence();
            }
            queueDepth = playout.depth();
            drained = playout.isEmpty() && activeResponseId == null;
        }
        if (frame != null) {
            observeFrameOut();
            framesOut.incrementAndGet();
            if (late) {
                lateFrames.incrementAndGet();
            }
        } else {
            silenceFrames.incrementAndGet();
        }
        if (drained) {
            completePlayoutWaiters();
        }
        assistant.onClockTick(drained && !callerSpeaking);
    }

    // ---- the caller's leg ----------------------------------------------------------------------

    @Override
    public void onCallerAudio(byte[] frame) {
        framesIn.incrementAndGet();
        if (ended.get()) {
            return;
        }
        int lost = assistant.sendCallerAudio(transcoder.toAzure(frame));
        if (lost > 0) {
            droppedIn.addAndGet(lost);
        }
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
        observer.assistantReady(this, afterReconnect);
    }

    @Override
    public void onResponseStarted(String responseId) {
        synchronized (lock) {
            activeResponseId = responseId;
        }
    }

    @Override
    public void onAssistantAudio(String responseId, String itemId, byte[] audio) {
        if (ended.get()) {
            return;
        }
        synchronized (lock) {
            if (responseId != null && responseId.equals(interruptedResponseId)) {
                // Late audio of a response the caller interrupted: never played.
                discarded.incrementAndGet();
                return;
            }
        }
        bytesFromAzure.addAndGet(audio.length);
        long arrived = System.nanoTime();
        byte[] legAudio = transcoder.toLeg(audio);
        synchronized (lock) {
            if (playout.isEmpty() && !playout.hasPartial() && audioArrivedNanos == 0) {
                audioArrivedNanos = arrived;
            }
            playout.add(itemId, responseId, audio.length, legAudio);
            queueDepth = playout.depth();
        }
    }

    @Override
    public void onAssistantAudioDone(String responseId, String itemId) {
        synchronized (lock) {
            playout.endItem(itemId);
        }
    }

    @Override
    public void onResponseDone(String responseId) {
        synchronized (lock) {
            playout.flushPartial();
            if (responseId == null || responseId.equals(activeResponseId)) {
                activeResponseId = null;
            }
            playout.prune();
        }
    }

    /**
     * Barge-in, as one operation: drop everything queued for the caller, have the leg drop what it
     * holds, ignore the rest of the interrupted response, and tell the server how much the caller
     * really heard: the frames the clock handed out for that item, capped at the audio received,
     * and nothing at all when that is zero (the server rejects a truncate before any audio).
     */
    @Override
    public void onCallerSpeechStarted(String itemId) {
        callerSpeaking = true;
        speechStoppedNanos = 0;
        audioArrivedNanos = 0;
        PlayoutQueue.ItemAudio playing;
        long playedMs = 0;
        long receivedMs = 0;
        boolean responseActive;
        synchronized (lock) {
            playing = playout.audible(activeResponseId);
            String interrupted =
                    activeResponseId != null ? activeResponseId : playing != null ? playing.responseId : null;
            if (interrupted != null) {
                interruptedResponseId = interrupted;
            }
            responseActive = activeResponseId != null;
            if (playing != null) {
                playedMs = playing.framesPlayed * AudioFormat.FRAME_MILLIS;
                receivedMs = azureFormat.millisOf(playing.bytesReceived);
            }
            playout.clear();
            queueDepth = 0;
            if (playing != null) {
                leg.clearPlayback();
            }
        }
        if (playing == null) {
            return; // nothing audible: the caller just started talking, not an interruption
        }
        bargeIns.incrementAndGet();
        long truncateAt = Math.min(playedMs, receivedMs);
        assistant.truncate(playing.itemId, truncateAt, receivedMs);
        if (!interruptResponse && responseActive) {
            assistant.cancelResponse();
        }
        long ms = truncateAt;
        withCallId(() -> log.info(
                "barge-in: item {} heard {} of {} ms{}",
                playing.itemId,
                ms,
                playing.bytesReceived == 0 ? 0 : azureFormat.millisOf(playing.bytesReceived),
                ms > 0 ? "" : " (nothing heard: no truncate)"));
    }

    @Override
    public void onCallerSpeechStopped(String itemId) {
        callerSpeaking = false;
        speechStoppedNanos = System.nanoTime();
    }

    @Override
    public void onFunctionCall(String toolCallId, String name, String arguments) {
        tools.invoke(name, arguments, this)
                .subscribe(
                        result -> assistant.sendToolOutput(toolCallId, result.output(), result.continueConversation()));
    }

    @Override
    public void onReconnecting(String why) {
        synchronized (lock) {
            playout.flushPartial();
        }
        withCallId(() -> log.warn("assistant lost ({}); caller hears silence while a new session starts", why));
    }

    @Override
    public void onUnavailable(String why) {
        synchronized (lock) {
            playout.clear();
            activeResponseId = null;
            playout.addPrompt(apology.in(leg.format()));
            queueDepth = playout.depth();
        }
        endingReason = EndReason.AZURE_UNAVAILABLE;
        playoutDone().subscribe(null, e -> {}, () -> end(EndReason.AZURE_UNAVAILABLE, true));
    }

    // ---- tools ---------------------------------------------------------------------------------

    @Override
    public void sendDtmf(String digits) {
        leg.sendDtmf(digits);
    }

    @Override
    public Mono<Void> playoutDone() {
        return Mono.<Void>create(sink -> {
                    synchronized (lock) {
                        if (!ended.get()) {
                            playoutWaiters.add(sink);
                            return;
                        }
                    }
                    sink.success();
                })
                .timeout(Duration.ofMillis(properties.drainHangupTimeoutMs()), Mono.empty());
    }

    @Override
    public void hangUpLeg(EndReason reason) {
        end(reason, true);
    }

    @Override
    public void ending(EndReason reason) {
        endingReason = reason;
    }

    /** Ends the call from the gateway side (admin API, drain). */
    public void hangUp(EndReason reason) {
        end(reason, true);
    }

    // ---- internals -----------------------------------------------------------------------------

    private long playoutOverflow() {
        synchronized (lock) {
            return playout.overflow();
        }
    }

    private void completePlayoutWaiters() {
        List<MonoSink<Void>> done;
        synchronized (lock) {
            if (playoutWaiters.isEmpty()) {
                return;
            }
            done = new ArrayList<>(playoutWaiters);
            playoutWaiters.clear();
        }
        done.forEach(MonoSink::success);
    }

    private void end(EndReason reason, boolean hangUpLeg) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        endReason = reason;
        endedAt = wallClock.instant();
        clock.remove(this);
        assistant.close();
        synchronized (lock) {
            playout.clear();
            queueDepth = 0;
        }
        completePlayoutWaiters();
        if (hangUpLeg) {
            try {
                leg.hangUp(reason);
            } catch (RuntimeException e) {
                withCallId(() -> log.warn("leg hang-up failed: {}", e.toString()));
            }
        }
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

    private void observeFrameOut() {
        long now = System.nanoTime();
        long arrived = audioArrivedNanos;
        if (arrived != 0) {
            audioArrivedNanos = 0;
            observer.assistantAudioLatency(this, now - arrived);
        }
        long stopped = speechStoppedNanos;
        if (stopped != 0) {
            speechStoppedNanos = 0;
            observer.firstAudioAfterSpeech(this, now - stopped);
        }
    }

    private void withCallId(Runnable work) {
        CallLogContext.run(setup.callId(), work);
    }
}
