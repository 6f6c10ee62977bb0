package dev.voicebridge.gateway.recording;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.LinearPcm;
import dev.voicebridge.gateway.call.CallTap;
import dev.voicebridge.gateway.logging.CallLogContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The recording of one call: a stereo WAV of the caller (left, as received) and of what the caller
 * heard (right, as handed to the leg), both in the leg's rate and aligned on the media clock's ticks.
 *
 * <p>Threads. The transport's event loop offers caller frames into a small slack queue; on each tick
 * the media clock pairs the oldest caller frame (or silence) with the frame the leg was handed and
 * offers the pair to a bounded queue. Neither waits: a full queue drops the pair (counted, and its
 * tick written as silence so the file keeps the call's time). Ticks the clock skipped (it skips
 * ahead after a long pause) are written too, as silence to the caller, so the file stays as long as
 * the call. The recording's own virtual thread
 * takes the pairs, decodes them and writes the file; when the call ends it fixes the WAV header and
 * hands the file to the {@link RecordingStore}, then tells the {@link RecordingListener}.
 */
final class CallRecording implements CallTap {

    /** Ticks the writer may fall behind before pairs are dropped: 5 s of the call. */
    static final int QUEUE_TICKS = 250;
    /**
     * Caller frames waiting for their tick, for a leg that delivers in bursts: 200 ms. A caller whose
     * clock runs fast loses its oldest frame here, so the left channel never lags more than this.
     */
    static final int CALLER_SLACK = 10;
    /** Ticks the media clock runs back to back to catch up; further behind, it skips ahead. */
    private static final int CLOCK_CATCH_UP = 6;

    private static final long TICK_NANOS = AudioFormat.FRAME_MILLIS * 1_000_000L;

    private static final Logger log = LoggerFactory.getLogger(CallRecording.class);
    private static final Tick END = new Tick(-1, null, null);

    private record Tick(long seq, byte[] caller, byte[] heard) {}

    private final String callId;
    private final String recordId;
    private final AudioFormat format;
    private final Path file;
    private final CallRecordings owner;
    private final ArrayDeque<byte[]> callerSlack = new ArrayDeque<>(CALLER_SLACK);
    private final ArrayBlockingQueue<Tick> queue = new ArrayBlockingQueue<>(QUEUE_TICKS + 1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong skippedCaller = new AtomicLong();
    private final Thread writer;
    private volatile boolean answered;
    // The media clock's own: the next tick's number, and when the first tick ran (System.nanoTime)
    private long seq;
    private long firstTickNanos;

    /**
     * @param callId   the gateway's id of the call (logs, events)
     * @param recordId the id of the call's record, which names the file and the key
     */
    CallRecording(String callId, String recordId, AudioFormat format, RecordingStore store, CallRecordings owner) {
        this.callId = callId;
        this.recordId = recordId;
        this.format = format;
        this.file = store.file(recordId);
        this.owner = owner;
        this.writer = Thread.ofVirtual().name("recording-" + callId).unstarted(this::write);
    }

    void start() {
        writer.start();
    }

    @Override
    public void callerFrame(byte[] frame) {
        if (!answered || ended.get()) {
            return; // before the first tick the call has no time yet
        }
        synchronized (callerSlack) {
            if (callerSlack.size() == CALLER_SLACK) {
                callerSlack.pollFirst();
                skippedCaller.incrementAndGet();
                owner.frameDropped();
            }
            callerSlack.addLast(frame);
        }
    }

    @Override
    public void toCaller(byte[] frame) {
        if (ended.get()) {
            return;
        }
        long now = System.nanoTime();
        if (!answered) {
            firstTickNanos = now;
            answered = true;
        } else {
            long behind = (now - firstTickNanos) / TICK_NANOS - seq;
            if (behind > CLOCK_CATCH_UP) {
                // The clock skipped ahead (a pause): the caller heard nothing then, and what they said
                // meanwhile waits in the slack; both keep their place in the call's time.
                for (; behind > 0; behind--) {
                    offer(pollCaller(), null);
                }
            }
        }
        offer(pollCaller(), frame);
    }

    private byte[] pollCaller() {
        synchronized (callerSlack) {
            return callerSlack.pollFirst();
        }
    }

    private void offer(byte[] caller, byte[] heard) {
        if (!queue.offer(new Tick(seq++, caller, heard))) {
            drop();
        }
    }

    @Override
    public void callEnded() {
        if (ended.compareAndSet(false, true)) {
            queue.offer(END); // when full, the writer sees the end once it has caught up
        }
    }

    /** Waits up to {@code millis} for the writer to finish (the gateway is stopping). */
    boolean await(long millis) throws InterruptedException {
        return writer.join(java.time.Duration.ofMillis(millis));
    }

    private void drop() {
        dropped.incrementAndGet();
        owner.frameDropped();
    }

    // ---- the writer thread ---------------------------------------------------------------------

    private void write() {
        try (var scope = CallLogContext.open(callId)) {
            Written written = record();
            long lost = dropped.get();
            long early = skippedCaller.get();
            if (lost > 0 || early > 0) {
                // A writer that fell behind is a problem of this host; a bursty caller is the network's.
                log.atLevel(lost > 0 ? Level.WARN : Level.INFO)
                        .log(
                                "recording: {} ticks not recorded (the writer fell behind; silence there), {} caller"
                                        + " frames left out (they came faster than the call's clock)",
                                lost,
                                early);
            }
            if (written != null) {
                String location = owner.store().store(recordId, file);
                if (location != null) {
                    owner.recorded(callId, location, written.durationMs());
                } else {
                    owner.recordingFailed();
                }
            }
        } finally {
            owner.closed(this);
        }
    }

    private record Written(long durationMs) {}

    /** Writes every tick until the end; null when there is nothing to keep. */
    private Written record() {
        WavFile wav = null;
        long expected = 0;
        try {
            for (Tick tick = next(); tick != END; tick = next()) {
                if (wav == null) {
                    Files.createDirectories(file.getParent());
                    wav = WavFile.create(file, format.sampleRate());
                }
                int samples = format.frameBytes() / format.bytesPerSample();
                // Pairs the media clock dropped become silence, so both channels keep the call's time.
                for (; expected < tick.seq(); expected++) {
                    wav.write(null, null, samples);
                }
                wav.write(decode(tick.caller()), decode(tick.heard()), samples);
                expected++;
            }
            if (wav == null) {
                return null; // the call never got to its first tick: no recording
            }
            wav.finish();
            wav.close();
            return new Written(wav.durationMillis());
        } catch (IOException e) {
            owner.recordingFailed();
            log.warn("recording failed: cannot write {}: {}; the call goes on unrecorded", file, e.toString());
            ended.set(true);
            closeQuietly(wav);
            deleteQuietly();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(wav);
            log.warn("recording stopped before the call ended; partial file left at {}", file);
            return null;
        }
    }

    private Tick next() throws InterruptedException {
        while (true) {
            Tick tick = queue.poll(200, TimeUnit.MILLISECONDS);
            if (tick != null) {
                return tick;
            }
            if (ended.get() && queue.isEmpty()) {
                return END;
            }
        }
    }

    private short[] decode(byte[] frame) {
        return frame == null ? null : LinearPcm.decode(format, frame);
    }

    private static void closeQuietly(WavFile wav) {
        if (wav != null) {
            try {
                wav.close();
            } catch (IOException ignored) {
                // the file is abandoned either way
            }
        }
    }

    private void deleteQuietly() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a partial file of a failed recording; the warning above names it
        }
    }
}
