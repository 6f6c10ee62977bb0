package dev.voicebridge.gateway.recording;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.AssistantProfile;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallTap;
import dev.voicebridge.gateway.logging.CallLogContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link CallRecording} for every call whose assistant profile records, keeps the open ones
 * (so a stopping gateway can finish them), and counts what was lost: frames the writers fell behind
 * on, and recordings that could not be written or uploaded. {@link #open} runs on the thread that
 * admits a call and only starts the recording's virtual thread; the rest on those threads.
 */
public final class CallRecordings implements CallTap.Opener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallRecordings.class);
    /** How long a stopping gateway waits for the recordings of its last calls to be stored. */
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    private final RecordingStore store;
    private final RecordingListener listener;
    private final Set<CallRecording> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    CallRecordings(RecordingStore store, RecordingListener listener) {
        this.store = store;
        this.listener = listener;
    }

    @Override
    public CallTap open(CallSetup setup, AudioFormat legFormat) {
        if (!AssistantProfile.recordingOn(setup)) {
            return CallTap.NONE;
        }
        // Named by the id of the call's record (the SMA TransactionId when there is one), as its transcript is.
        String recordId =
                setup.smaTransactionId() != null && !setup.smaTransactionId().isBlank()
                        ? setup.smaTransactionId()
                        : setup.callId();
        CallRecording recording = new CallRecording(setup.callId(), recordId, legFormat, store, this);
        open.add(recording);
        recording.start();
        CallLogContext.run(
                setup.callId(),
                () -> log.info(
                        "recording the call (profile '{}'), stereo WAV at {} Hz",
                        AssistantProfile.nameOf(setup),
                        legFormat.sampleRate()));
        return recording;
    }

    /** Frames not recorded because a recording's writer fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Recordings that could not be written or uploaded (their calls went on). */
    public long failures() {
        return failures.get();
    }

    RecordingStore store() {
        return store;
    }

    void frameDropped() {
        dropped.incrementAndGet();
    }

    void recordingFailed() {
        failures.incrementAndGet();
    }

    void recorded(String callId, String location, long durationMs) {
        try {
            listener.recorded(callId, location, durationMs);
        } catch (RuntimeException e) {
            log.warn("recording stored at {}, but telling the call record failed: {}", location, e.toString());
        }
    }

    void closed(CallRecording recording) {
        open.remove(recording);
    }

    /** Ends the recordings still open and waits a while for them to be stored. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_WAIT_MILLIS * 1_000_000;
        for (CallRecording recording : Set.copyOf(open)) {
            recording.callEnded();
        }
        try {
            for (CallRecording recording : Set.copyOf(open)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !recording.await(left)) {
                    log.warn("stopping before every recording was stored: {} still open", open.size());
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
