package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.logging.CallLogContext;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One media stream's way out: messages handed in raw by the call (a frame of audio from the media
 * clock, a {@code clear} from a barge-in on the Realtime event loop, a {@code mark}, the end of the
 * stream) are encoded to JSON text and emitted to the WebSocket on the stream's own thread, its
 * channel's event loop, in the order they were handed in. The media clock therefore only queues a
 * reference per frame; base64, JSON and the socket write all happen on the event loop.
 *
 * <p>Bound: at most {@code capacity} messages ({@code GATEWAY_MEDIA_OUTBOUND_QUEUE}) may be waiting,
 * counted from when they are handed in until the socket's writer takes them; beyond that a message
 * is refused and the caller counts the drop, as the bounded sink that used to hold encoded text did.
 *
 * <p>Threads. {@link #offer} and {@link #end} are called from any thread and never block: a counter,
 * a lock-free queue and at most one task per burst for the event loop. Everything else runs on the
 * event loop, which is also the only thread that emits into the WebSocket's sink. The executor must
 * run tasks one at a time, in order (a Netty event loop does).
 */
final class OutboundLane implements Runnable {

    /** One outbound message, encoded only when the event loop gets to it. */
    @FunctionalInterface
    interface Message {
        String encode();
    }

    private static final Logger log = LoggerFactory.getLogger(OutboundLane.class);
    private static final Message END = () -> null;

    private final Executor loop;
    private final int capacity;
    private final Supplier<String> logId;
    private final Sinks.Many<String> sink = Sinks.many()
            .unicast()
            .onBackpressureBuffer(Queues.<String>unbounded().get());
    private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread encodingThread;

    /** @param logId the call id (or connection id) the lane's rare log lines carry */
    OutboundLane(Executor loop, int capacity, Supplier<String> logId) {
        this.loop = loop;
        this.capacity = capacity;
        this.logId = logId;
    }

    /** The encoded messages, in order, emitted on the event loop; completes after {@link #end}. */
    Flux<String> messages() {
        return sink.asFlux().doOnNext(m -> waiting.decrementAndGet());
    }

    /** Hands in a message; false when {@code capacity} messages are already waiting. */
    boolean offer(Message message) {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return false;
        }
        queue.offer(message);
        schedule();
        return true;
    }

    /** Completes the messages once everything handed in before has been emitted. */
    void end() {
        queue.offer(END);
        schedule();
    }

    /** The thread that last encoded this lane's messages (diagnostics and tests). */
    Thread encodingThread() {
        return encodingThread;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // the event loop is shutting down: the stream is going with it
                CallLogContext.run(logId.get(), () -> log.debug("outbound messages not written: {}", e.toString()));
            }
        }
    }

    /** On the event loop: encodes and emits everything handed in so far. */
    @Override
    public void run() {
        encodingThread = Thread.currentThread();
        scheduled.set(false);
        Message message;
        while ((message = queue.poll()) != null) {
            if (message == END) {
                sink.tryEmitComplete();
                continue;
            }
            String text;
            try {
                text = message.encode();
            } catch (RuntimeException e) {
                waiting.decrementAndGet();
                CallLogContext.run(logId.get(), () -> log.error("could not encode an outbound message", e));
                continue;
            }
            if (sink.tryEmitNext(text).isFailure()) {
                waiting.decrementAndGet(); // the stream has ended: nothing more is written
            }
        }
    }
}
