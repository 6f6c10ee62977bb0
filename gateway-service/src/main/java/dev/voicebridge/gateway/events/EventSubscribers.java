package dev.voicebridge.gateway.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * The live readers of one stream of events (one call's, or every call's), each with a bounded
 * buffer of its own: handing an event over costs a queue offer per reader, never a wait, and a
 * reader that falls {@code buffer} events behind is ended with an error rather than slowing the
 * publisher or growing without bound. Readers get events on Reactor's parallel workers, never on
 * the publishing thread (the media clock, an event loop).
 *
 * <p>Threads: {@link #emit}, {@link #complete} and {@link #subscribe} must be called under the
 * owner's lock, which orders them; a reader leaving (cancel, error) may happen on any thread.
 */
final class EventSubscribers {

    private final int buffer;
    private final List<Sinks.Many<CallEvent>> readers = new CopyOnWriteArrayList<>();

    EventSubscribers(int buffer) {
        this.buffer = buffer;
    }

    /** A new reader that first gets {@code replay}, then every event emitted from now on. */
    Flux<CallEvent> subscribe(List<CallEvent> replay) {
        Sinks.Many<CallEvent> reader = Sinks.many()
                .unicast()
                .onBackpressureBuffer(
                        Queues.<CallEvent>get(buffer + replay.size()).get());
        for (CallEvent event : replay) {
            reader.tryEmitNext(event);
        }
        readers.add(reader);
        return reader.asFlux().publishOn(Schedulers.parallel()).doFinally(signal -> readers.remove(reader));
    }

    void emit(CallEvent event) {
        for (Sinks.Many<CallEvent> reader : readers) {
            Sinks.EmitResult result = reader.tryEmitNext(event);
            if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
                readers.remove(reader);
                reader.tryEmitError(new IllegalStateException(
                        "the reader fell " + buffer + " events behind; reconnect to get the call's events again"));
            } else if (result == Sinks.EmitResult.FAIL_CANCELLED || result == Sinks.EmitResult.FAIL_TERMINATED) {
                readers.remove(reader);
            }
        }
    }

    /** Ends every reader's stream (the call ended). */
    void complete() {
        for (Sinks.Many<CallEvent> reader : readers) {
            reader.tryEmitComplete();
        }
        readers.clear();
    }

    int size() {
        return readers.size();
    }
}
