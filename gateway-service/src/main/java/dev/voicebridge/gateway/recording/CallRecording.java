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

/**
 * The recording of one call: a stereo WAV of the caller (left, as received) and of what the caller
 * heard (right, as handed to the leg), both in the leg's rate and aligned on the media clock's ticks.
 *
 * <p>Threads. The transport's event loop offers caller frames into a small slack queue; on each tick
 * the media clock pairs the oldest caller frame (or silence) with the frame the leg was handed and
 * offers the pair to a bounded queue. Neither waits: a full queue drops the pair (counted, and its
 * tick written as silence so the file keeps the call's time). The recording's own virtual thread
 * takes the pairs, decodes them and writes the file; when the call ends it fixes the WAV header and
 * hands the file to the {@link RecordingStore}, then tells the {@link RecordingListener}.
 */
final class CallRecording implements CallTap {

    /** Ticks the writer may fall behind before pairs are dropped: 5 s of the call. */
    static final int QUEUE_TICKS = 250;
    /** Caller frames waiting for their tick, for a leg that delivers in bursts: 500 ms. */
    static final int CALLER_SLACK = 25;

    private static final Logger log = LoggerFactory.getLogger(CallRecording.class);
    private static final Tick END = new Tick(-1, null, null);

    private record Tick(long seq, byte[] caller, byte[] heard) {}

    private final String callId;
    private final AudioFormat format;
    private final Path file;
    private final CallRecordings owner;
    private final ArrayDeque<byte[]> callerSlack = new ArrayDeque<>(CALLER_SLACK);
    private final ArrayBlockingQueue<Tick> queue = new ArrayBlockingQueue<>(QUEUE_TICKS + 1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean answered;
    private long seq; // the media clock's own

    CallRecording(String callId, AudioFormat format, Path file, CallRecordings owner) {
        this.callId = callId;
        this.format = format;
        this.file = file;
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
                drop();
            }
            callerSlack.addLast(frame);
        }
    }

    @Override
    public void toCaller(byte[] frame) {
        if (ended.get()) {
            return;
        }
        answered = true;
        byte[] caller;
        synchronized (callerSlack) {
            caller = callerSlack.pollFirst();
        }
        if (!queue.offer(new Tick(seq++, caller, frame))) {
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
            if (lost > 0) {
                log.warn(
                        "recording: {} frames of the call were not recorded (the writer fell behind);"
                                + " the file has silence there",
                        lost);
            }
            if (written != null) {
                String location = owner.store().store(callId, file);
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
