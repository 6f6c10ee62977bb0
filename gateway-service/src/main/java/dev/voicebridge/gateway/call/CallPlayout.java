package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.audio.LinearPcm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The caller-bound half of one call: the playout queue of assistant audio, which response is
 * streaming and which one the caller interrupted, the hand-off of one frame (or silence) per
 * media-clock tick to the leg, barge-in (flush the queue and clear the leg as one step), and the
 * waiters of {@code playoutDone}.
 *
 * <p>Threads. The media clock calls {@link #tick}. The Realtime event loop adds audio, marks the
 * ends of items and responses, and barges in. Tools on Reactor workers wait for {@link #done}.
 * Whichever thread ends the call calls {@link #close}; any thread may read {@link #overflow}.
 *
 * <p>One lock guards it all, and it is held only for queue bookkeeping and the leg's hand-off
 * methods ({@link CallLeg#sendFrame}, {@link CallLeg#sendSilence}, {@link CallLeg#clearPlayback}),
 * which the leg contract keeps to a non-blocking hand-off to the transport's own thread. That is
 * what makes "played" exact: a barge-in's truncate counts precisely the frames the leg had been
 * handed when it was told to clear, and no frame can slip out between the flush and the clear.
 * Transcoding, completing waiters and timing reports run outside the lock.
 */
final class CallPlayout {

    /** What a barge-in interrupted: the item the caller was hearing and how much of it. */
    record Interruption(String itemId, long playedMs, long receivedMs, boolean responseWasActive) {
        /** What the caller heard: the frames handed to the leg, capped at the audio received. */
        long heardMs() {
            return Math.min(playedMs, receivedMs);
        }
    }

    /** Told on the media clock, after the lock, that a frame went to the leg. */
    interface FrameOut {
        /**
         * @param arrivedNanos when the audio of this frame arrived with nothing queued ahead of it
         *     (System.nanoTime), or 0 when it was not such a first frame
         */
        void frameOut(long arrivedNanos);
    }

    private final Object lock = new Object();
    private final CallLeg leg;
    private final AzureAudioFormat azureFormat;
    private final CallCounters counters;
    private final FrameOut frameOut;
    private final PlayoutQueue queue;
    private final List<MonoSink<Void>> waiters = new ArrayList<>();
    private String activeResponseId;
    private String interruptedResponseId;
    private long audioArrivedNanos;
    private boolean closed;

    CallPlayout(
            CallLeg leg, AzureAudioFormat azureFormat, int capacityFrames, CallCounters counters, FrameOut frameOut) {
        this.leg = leg;
        this.azureFormat = azureFormat;
        this.counters = counters;
        this.frameOut = frameOut;
        this.queue = new PlayoutQueue(leg.format(), capacityFrames);
    }

    /** A tick with no operator console. */
    boolean tick(boolean late) {
        return tick(late, null, CallTap.NONE);
    }

    /**
     * One media-clock tick: hands the leg one frame, or tells it there is none.
     *
     * @param console the operators watching the call, or null: their voice is mixed into the frame
     *     (or is the frame), and they are told what the leg was handed
     * @param tap told what the leg was handed (the recording's right channel)
     * @return whether playout is drained: nothing queued and no response streaming
     */
    boolean tick(boolean late, CallConsole console, CallTap tap) {
        byte[] frame;
        byte[] sent;
        boolean drained;
        long arrived = 0;
        List<MonoSink<Void>> done = null;
        byte[] voice = console == null ? null : console.voiceFrame();
        synchronized (lock) {
            frame = queue.poll();
            sent = voice == null ? frame : frame == null ? voice : LinearPcm.mix(leg.format(), frame, voice);
            if (sent != null) {
                leg.sendFrame(sent);
            } else {
                leg.sendSilence();
            }
            if (frame != null) {
                arrived = audioArrivedNanos;
                audioArrivedNanos = 0;
            }
            counters.setQueueDepth(queue.depth());
            drained = queue.isEmpty() && activeResponseId == null;
            if (drained && !waiters.isEmpty()) {
                done = takeWaiters();
            }
        }
        if (frame != null) {
            counters.frameOut(late);
            frameOut.frameOut(arrived);
        } else {
            counters.silenceTick();
        }
        complete(done);
        if (console != null) {
            console.toCaller(sent);
        }
        tap.toCaller(sent);
        return drained;
    }

    void responseStarted(String responseId) {
        synchronized (lock) {
            activeResponseId = responseId;
        }
    }

    /**
     * Queues a delta of assistant audio, unless it belongs to a response the caller interrupted
     * (then it is counted as discarded and never played).
     *
     * @param toLeg converts Azure's format to the leg's; runs outside the lock
     */
    void add(String responseId, String itemId, byte[] azureAudio, UnaryOperator<byte[]> toLeg) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (responseId != null && responseId.equals(interruptedResponseId)) {
                counters.discardedDelta();
                return;
            }
        }
        counters.fromAzure(azureAudio.length);
        long arrived = System.nanoTime();
        byte[] legAudio = toLeg.apply(azureAudio);
        synchronized (lock) {
            if (queue.isEmpty() && !queue.hasPartial() && audioArrivedNanos == 0) {
                audioArrivedNanos = arrived;
            }
            queue.add(itemId, responseId, azureAudio.length, legAudio);
            counters.setQueueDepth(queue.depth());
        }
    }

    void itemDone(String itemId) {
        synchronized (lock) {
            queue.endItem(itemId);
        }
    }

    void responseDone(String responseId) {
        synchronized (lock) {
            queue.flushPartial();
            if (responseId == null || responseId.equals(activeResponseId)) {
                activeResponseId = null;
            }
            queue.prune();
        }
    }

    /** The assistant's socket is gone: whatever short frame is pending becomes playable. */
    void flushPartial() {
        synchronized (lock) {
            queue.flushPartial();
        }
    }

    /** Replaces whatever was queued with a prompt of our own (the apology), played whole. */
    void replaceWith(byte[] prompt) {
        synchronized (lock) {
            queue.clear();
            activeResponseId = null;
            queue.addPrompt(prompt);
            counters.setQueueDepth(queue.depth());
        }
    }

    /**
     * The caller started speaking: works out what they were hearing, flushes the queue, has the leg
     * drop what it holds, and marks the interrupted response so its late audio is discarded.
     *
     * @return what was interrupted, or null when nothing was audible (a turn, not a barge-in: the
     *     leg is not told to clear)
     */
    Interruption bargeIn() {
        synchronized (lock) {
            audioArrivedNanos = 0;
            PlayoutQueue.ItemAudio playing = queue.audible(activeResponseId);
            String interrupted =
                    activeResponseId != null ? activeResponseId : playing != null ? playing.responseId : null;
            if (interrupted != null) {
                interruptedResponseId = interrupted;
            }
            boolean responseActive = activeResponseId != null;
            queue.clear();
            counters.setQueueDepth(0);
            if (playing == null) {
                return null;
            }
            leg.clearPlayback();
            return new Interruption(
                    playing.itemId,
                    playing.framesPlayed * AudioFormat.FRAME_MILLIS,
                    azureFormat.millisOf(playing.bytesReceived),
                    responseActive);
        }
    }

    /**
     * Completes once everything queued has gone to the leg and no response is streaming, when the
     * playout is closed, or after {@code cap}.
     */
    Mono<Void> done(Duration cap) {
        return Mono.<Void>create(sink -> {
                    synchronized (lock) {
                        if (!closed) {
                            waiters.add(sink);
                            return;
                        }
                    }
                    sink.success();
                })
                .timeout(cap, Mono.empty());
    }

    /** The call ended: drops the queue, releases every waiter; nothing is queued from now on. */
    void close() {
        List<MonoSink<Void>> done;
        synchronized (lock) {
            closed = true;
            queue.clear();
            counters.setQueueDepth(0);
            done = takeWaiters();
        }
        complete(done);
    }

    /** Frames refused because the queue was full. */
    long overflow() {
        synchronized (lock) {
            return queue.overflow();
        }
    }

    private List<MonoSink<Void>> takeWaiters() {
        if (waiters.isEmpty()) {
            return null;
        }
        List<MonoSink<Void>> done = new ArrayList<>(waiters);
        waiters.clear();
        return done;
    }

    private static void complete(List<MonoSink<Void>> done) {
        if (done != null) {
            done.forEach(MonoSink::success);
        }
    }
}
