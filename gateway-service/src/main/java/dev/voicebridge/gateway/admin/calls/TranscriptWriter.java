package dev.voicebridge.gateway.admin.calls;

import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.model.call.TranscriptStore;
import dev.voicebridge.model.call.TranscriptTurn;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the transcripts of the calls this gateway carries, turn by turn as lines become final (and
 * again when an interruption cuts a line already written), so any instance can answer for the call
 * afterwards. It owns the writes: a {@link Transcript.Listener} per call only queues the line; the
 * store is written on virtual threads of its own, one call's turns one after another, so a slow or
 * failing DynamoDB never reaches the Realtime event loop or the caller's path. At most {@link
 * #MAX_PENDING_PER_CALL} writes wait per call; past that a line is dropped and counted.
 */
public final class TranscriptWriter implements AutoCloseable {

    /** Writes queued for one call before new lines are dropped: minutes of talk while the store is down. */
    static final int MAX_PENDING_PER_CALL = 256;

    private static final Logger log = LoggerFactory.getLogger(TranscriptWriter.class);

    private final TranscriptStore store;
    private final ExecutorService writer = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("transcript-", 0).factory());
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public TranscriptWriter(TranscriptStore store) {
        this.store = store;
    }

    public TranscriptStore store() {
        return store;
    }

    /** From now on, every final line of {@code transcript} is stored as a turn of call {@code registryId}. */
    public void follow(String registryId, String callId, Transcript transcript) {
        transcript.listen(new CallTurns(registryId, callId)::line);
    }

    /** Turns that could not be stored (the store failed), since start. */
    public long failures() {
        return failures.get();
    }

    /** Turns not stored because too many writes of their call were waiting, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** Waits (up to {@code timeout}) until every write queued so far is done. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        flush(Duration.ofSeconds(10));
        writer.shutdown();
        try {
            writer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call's queue of turn writes; {@link #line} runs under the transcript's lock. */
    private final class CallTurns {
        private final String registryId;
        private final String callId;
        private final AtomicInteger waiting = new AtomicInteger();
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        private boolean warned;

        CallTurns(String registryId, String callId) {
            this.registryId = registryId;
            this.callId = callId;
        }

        synchronized void line(int seq, Transcript.Entry entry) {
            if (seq >= TranscriptStore.MAX_TURNS_PER_CALL || waiting.get() >= MAX_PENDING_PER_CALL) {
                dropped.incrementAndGet();
                if (!warned) {
                    warned = true;
                    CallLogContext.run(
                            callId,
                            () -> log.warn(
                                    "transcript line {} not stored: {}",
                                    seq,
                                    seq >= TranscriptStore.MAX_TURNS_PER_CALL
                                            ? "past " + TranscriptStore.MAX_TURNS_PER_CALL + " turns"
                                            : MAX_PENDING_PER_CALL + " writes are waiting for the store"));
                }
                return;
            }
            TranscriptTurn turn = new TranscriptTurn(
                    registryId,
                    seq,
                    TranscriptTurn.Speaker.valueOf(entry.role().name()),
                    entry.text(),
                    entry.at(),
                    entry.interrupted());
            waiting.incrementAndGet();
            pending.incrementAndGet();
            tail = tail.thenRunAsync(() -> write(turn), writer).exceptionally(e -> {
                // Not run at all: the writer was shut down with the application.
                waiting.decrementAndGet();
                pending.decrementAndGet();
                return null;
            });
        }

        private void write(TranscriptTurn turn) {
            try (var scope = CallLogContext.open(callId)) {
                store.put(turn);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("transcript turn {} not stored; the call goes on: {}", turn.seq(), e.toString());
            } finally {
                waiting.decrementAndGet();
                pending.decrementAndGet();
            }
        }
    }
}
