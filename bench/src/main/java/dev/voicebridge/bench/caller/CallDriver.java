package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.metrics.BenchClock;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One simulated call, whatever carries it: it connects, streams its {@link CallScript} in real time
 * (one stamped 20 ms frame per tick of the {@link Pacer}), reads the stamps in the audio it hears
 * back, hangs up when the script ends, and reports how the call went. Transports (WebSocket, SIP/RTP,
 * or straight to Azure for the baseline) implement the four transport methods.
 */
public abstract class CallDriver {

    /** How one call ended. */
    public enum Outcome {
        /** The caller hung up after its script; the far end had kept the call up until then. */
        COMPLETED,
        /** The call never carried media: refused, or set-up failed or timed out. */
        SETUP_FAILED,
        /** The far end ended the call, or the transport failed, before the caller hung up. */
        DROPPED
    }

    /** A call's result: how it ended and, if not completed, why. */
    public record Result(int call, Outcome outcome, String detail, long setupMicros, int framesSent) {}

    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-call-timers");
        t.setDaemon(true);
        return t;
    });
    private static final long HANG_UP_AFTER_MEDIA_MS = 1000;

    protected final int call;
    protected final CallScript script;
    protected final Metrics metrics;
    protected final CallBook book;
    private final Pacer pacer;
    private final boolean[] speech;
    private final HeardStamps heard;
    /** The frame being sent; reused, since every transport copies it into its own packet or message. */
    private final byte[] frame = new byte[CallScript.FRAME_BYTES];

    private final JitterTracker jitter = new JitterTracker();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private final AtomicBoolean hungUp = new AtomicBoolean();
    protected final long connectMicros = BenchClock.micros();
    private long mediaStartMicros;
    private volatile int seq;
    private volatile boolean streaming;
    private boolean heardModel;

    protected CallDriver(int call, CallScript script, Metrics metrics, CallBook book, Pacer pacer) {
        this.call = call;
        this.script = script;
        this.metrics = metrics;
        this.book = book;
        this.pacer = pacer;
        this.speech = script.speechFrames();
        this.heard = new HeardStamps(call, book, metrics);
    }

    /** Starts the call; completes when it has ended. */
    public final CompletableFuture<Result> start(long setupTimeoutMs) {
        metrics.callsStarted.increment();
        TIMERS.schedule(
                () -> {
                    if (!streaming && !result.isDone()) {
                        failed("no media path within " + setupTimeoutMs + " ms");
                    }
                },
                setupTimeoutMs,
                TimeUnit.MILLISECONDS);
        try {
            connect();
        } catch (RuntimeException e) {
            failed("connect: " + e);
        }
        return result;
    }

    public CompletableFuture<Result> result() {
        return result;
    }

    // ---- for transports ---------------------------------------------------------------------------

    /** Opens the call; calls {@link #mediaReady()} once frames may flow. */
    protected abstract void connect();

    /** Sends one caller frame; {@code frame} is reused for the next one, so copy it, do not keep it. */
    protected abstract void sendFrame(byte[] frame, int seq);

    /** Ends the call from the caller's side (WebSocket stop, SIP BYE, close). */
    protected abstract void hangUp();

    /** Abandons the transport after a failure (no orderly hang-up). */
    protected abstract void abort();

    /** The call is up: start streaming. */
    protected final void mediaReady() {
        if (streaming || result.isDone()) {
            return;
        }
        streaming = true;
        metrics.live.increment();
        mediaStartMicros = BenchClock.micros();
        pacer.add(this, mediaStartMicros);
    }

    /** Model audio the caller heard (a frame, or a delta on the baseline). */
    protected final void heard(byte[] audio) {
        heard(audio, 0, audio.length);
    }

    /** Model audio the caller heard, in {@code audio[offset, offset + length)}; the array may be reused after. */
    protected final void heard(byte[] audio, int offset, int length) {
        long now = BenchClock.micros();
        metrics.downFrames.increment();
        if (!heardModel && streaming && !silent(audio, offset, length)) {
            heardModel = true;
            metrics.firstAudio.record(now - mediaStartMicros);
        }
        long late = jitter.frame(now);
        if (late >= 0) {
            metrics.jitter(late);
        }
        heard.accept(audio, offset, length, now);
    }

    /** Whether µ-law audio is all zero codes: the clock's comfort silence, not the model. */
    private static boolean silent(byte[] audio, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (audio[i] != (byte) 0xFF && audio[i] != (byte) 0x7F) {
                return false;
            }
        }
        return true;
    }

    /**
     * The event loop this call's socket lives on, where the {@link Pacer} runs its ticks so frames are
     * written without a hand-off between threads; null to tick on the pacer's own thread.
     */
    protected Executor sendLoop() {
        return null;
    }

    /** The far end ended a burst of model audio (mark, clear, response done). */
    protected final void burstEnded() {
        jitter.end();
    }

    /** The far end flushed model audio (a barge-in clear). */
    protected final void cleared() {
        metrics.clears.increment();
        jitter.end();
        heard.reset();
    }

    /** The far end or the transport ended the call. */
    protected final void ended(String why) {
        if (hungUp.get()) {
            finish(Outcome.COMPLETED, null);
        } else {
            finish(streaming ? Outcome.DROPPED : Outcome.SETUP_FAILED, why);
        }
    }

    /** The call failed on our side (set-up timeout, send failure). */
    protected final void failed(String why) {
        if (finish(streaming ? Outcome.DROPPED : Outcome.SETUP_FAILED, why)) {
            abort();
        }
    }

    /** The caller's own hang-up was confirmed (200 to BYE, close after stop). */
    protected final void hangUpConfirmed() {
        finish(Outcome.COMPLETED, null);
    }

    public int framesSent() {
        return seq;
    }

    public int call() {
        return call;
    }

    // ---- the clock --------------------------------------------------------------------------------

    final void tick(long now) {
        if (!streaming || result.isDone()) {
            pacer.remove(this);
            return;
        }
        int frames = speech.length;
        int sent = 0;
        while (seq < frames && mediaStartMicros + (long) seq * CallScript.FRAME_MS * 1000 <= now && sent < 10) {
            int s = seq;
            sendFrame(CallScript.frame(speech[s], call, s, BenchClock.micros(), frame), s);
            metrics.upSent.increment();
            seq = s + 1;
            sent++;
        }
        if (seq >= frames) {
            pacer.remove(this);
            // Let the last frames land before hanging up, as a phone's last packets would.
            TIMERS.schedule(
                    () -> {
                        if (!result.isDone() && hungUp.compareAndSet(false, true)) {
                            hangUp();
                        }
                    },
                    HANG_UP_AFTER_MEDIA_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private boolean finish(Outcome outcome, String detail) {
        long setup = book.firstUpMicros() < 0 ? -1 : book.firstUpMicros() - connectMicros;
        boolean first = result.complete(new Result(call, outcome, detail, setup, seq));
        if (first) {
            pacer.remove(this);
            if (streaming) {
                metrics.live.decrement();
            }
            switch (outcome) {
                case COMPLETED -> metrics.callsCompleted.increment();
                default -> metrics.callsLost.increment();
            }
            if (setup >= 0) {
                metrics.callsSetUp.increment();
                metrics.setup.record(setup);
            }
        }
        return first;
    }

    /** Whether the caller has started its own hang-up. */
    protected final boolean hangingUp() {
        return hungUp.get();
    }
}
