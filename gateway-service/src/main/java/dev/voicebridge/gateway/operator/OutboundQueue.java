package dev.voicebridge.gateway.operator;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * What goes to one operator's browser: text messages and tagged audio frames, each in a bounded
 * queue that drops its oldest entry when full, so a browser that cannot keep up loses audio (and
 * stale levels) instead of slowing the call. Audio drops are counted.
 *
 * <p>Threads: producers are the call's media threads (transport event loop, media clock, Realtime
 * event loop) and the operator's own event loop; they only enqueue under this object's monitor and
 * schedule a drain. The drain runs on a Reactor worker of this queue's own, so whatever the
 * WebSocket's send costs is never paid on a media thread.
 */
final class OutboundQueue {

    static final int AUDIO_CAPACITY = 25; // 250 ms of both directions
    static final int TEXT_CAPACITY = 64;

    private final ArrayDeque<byte[]> audio = new ArrayDeque<>(AUDIO_CAPACITY);
    private final ArrayDeque<String> text = new ArrayDeque<>(TEXT_CAPACITY);
    private final AtomicLong droppedAudio = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Scheduler.Worker worker = Schedulers.parallel().createWorker();
    private volatile FluxSink<Object> sink;
    private volatile boolean closed;

    /** The messages in order, text before audio; byte[] for audio, String for text. Subscribe once. */
    Flux<Object> messages() {
        return Flux.create(s -> {
            sink = s;
            s.onRequest(n -> scheduleDrain());
            s.onDispose(this::close);
        });
    }

    void offerAudio(byte[] frame) {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (audio.size() == AUDIO_CAPACITY) {
                audio.pollFirst();
                droppedAudio.incrementAndGet();
            }
            audio.addLast(frame);
        }
        scheduleDrain();
    }

    void offerText(String message) {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (text.size() == TEXT_CAPACITY) {
                text.pollFirst();
            }
            text.addLast(message);
        }
        scheduleDrain();
    }

    /** Audio frames dropped because the browser fell behind. */
    long droppedAudio() {
        return droppedAudio.get();
    }

    /** Nothing more is sent; the stream completes once what is queued has gone. */
    void complete() {
        closed = true;
        scheduleDrain();
    }

    private void close() {
        closed = true;
        worker.dispose();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                worker.schedule(this::drain);
            } catch (RuntimeException rejected) {
                drainScheduled.set(false); // disposed: the connection is gone
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        FluxSink<Object> s = sink;
        if (s == null) {
            return;
        }
        while (s.requestedFromDownstream() > 0) {
            Object next;
            synchronized (this) {
                next = text.pollFirst();
                if (next == null) {
                    next = audio.pollFirst();
                }
            }
            if (next == null) {
                break;
            }
            s.next(next);
        }
        if (closed) {
            boolean empty;
            synchronized (this) {
                empty = text.isEmpty() && audio.isEmpty();
            }
            if (empty) {
                s.complete();
            }
        }
    }
}
