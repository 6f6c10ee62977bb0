package dev.voicebridge.gateway.events;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * The call events of this instance (contracts section 1): numbers each call's events 1, 2, 3...,
 * keeps the last {@link #KEPT_PER_CALL} of every live call and of the last {@link #RECENT_ENDED}
 * ended ones for replay, and hands every event to the live readers ({@link #call}, {@link #all})
 * and to the listeners (the webhook delivery).
 *
 * <p>Threads: {@link #publish} is called from any thread, the media clock and event loops
 * included, and never waits for anything but a short lock of the call's own (and then the
 * every-call readers' one): readers and listeners only take the event into a bounded queue there.
 * Under the call's lock one call's events reach every reader and listener in {@code seq} order.
 */
public final class CallEvents {

    /** Events kept per call for a late reader; older ones go first. */
    public static final int KEPT_PER_CALL = 500;
    /** Ended calls whose events stay readable. */
    public static final int RECENT_ENDED = 200;
    /** Events a live reader may fall behind before its stream is ended. */
    static final int READER_BUFFER = 1024;

    public static final String STARTED = "call.started";
    public static final String ENDED = "call.ended";

    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);

    private final Clock clock;
    private final ConcurrentHashMap<String, Journal> live = new ConcurrentHashMap<>();
    private final Map<String, Journal> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Journal> eldest) {
            return size() > RECENT_ENDED;
        }
    };
    private final EventSubscribers everyCall = new EventSubscribers(READER_BUFFER);
    private final List<Consumer<CallEvent>> listeners = new CopyOnWriteArrayList<>();

    public CallEvents(Clock clock) {
        this.clock = clock;
    }

    /** One call's events: numbered, kept, and the readers of that call. Guarded by its monitor. */
    private static final class Journal {
        final ArrayDeque<CallEvent> kept = new ArrayDeque<>();
        final EventSubscribers readers = new EventSubscribers(READER_BUFFER);
        long seq;
        boolean ended;
    }

    /**
     * Publishes an event of {@code callId}: {@code data} (which may hold nulls) gets {@code callId}
     * and the next {@code seq} in front. A {@code call.ended} ends the call's live readers. Never
     * blocks.
     */
    public void publish(String callId, String type, Map<String, Object> data) {
        Journal journal = journal(callId, type);
        synchronized (journal) {
            Map<String, Object> full = new LinkedHashMap<>();
            full.put("callId", callId);
            full.put("seq", ++journal.seq);
            data.forEach((k, v) -> {
                if (!k.equals("callId") && !k.equals("seq")) {
                    full.put(k, v);
                }
            });
            CallEvent event = new CallEvent(
                    type, clock.instant().truncatedTo(ChronoUnit.MILLIS), Collections.unmodifiableMap(full));
            if (journal.kept.size() == KEPT_PER_CALL) {
                journal.kept.removeFirst();
            }
            journal.kept.addLast(event);
            journal.readers.emit(event);
            synchronized (everyCall) {
                everyCall.emit(event);
            }
            for (Consumer<CallEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    log.warn("call event listener failed on {}: {}", type, e.toString());
                }
            }
            if (ENDED.equals(type) && !journal.ended) {
                journal.ended = true;
                journal.readers.complete();
                synchronized (recent) {
                    recent.put(callId, journal);
                }
                live.remove(callId, journal);
            }
        }
    }

    /**
     * The call's events so far (the last {@link #KEPT_PER_CALL}), then its live ones; completes
     * after {@code call.ended}, at once for an ended call. Empty for a call this instance does not
     * know ({@link #knows}).
     */
    public Flux<CallEvent> call(String callId) {
        return Flux.defer(() -> {
            Journal journal = find(callId);
            if (journal == null) {
                return Flux.empty();
            }
            synchronized (journal) {
                List<CallEvent> sofar = List.copyOf(journal.kept);
                return journal.ended ? Flux.fromIterable(sofar) : journal.readers.subscribe(sofar);
            }
        });
    }

    /** Every call's events from now on (no replay); never completes. */
    public Flux<CallEvent> all() {
        return Flux.defer(() -> {
            synchronized (everyCall) {
                return everyCall.subscribe(List.of());
            }
        });
    }

    /** Whether this instance has events of {@code callId}: a live call or one of the recent ended ones. */
    public boolean knows(String callId) {
        return find(callId) != null;
    }

    /**
     * Gives every event from now on to {@code listener}, on the publishing thread, in order per
     * call: it must only queue the event, never block, never call back in.
     */
    public void listen(Consumer<CallEvent> listener) {
        listeners.add(listener);
    }

    private Journal find(String callId) {
        Journal journal = live.get(callId);
        if (journal != null) {
            return journal;
        }
        synchronized (recent) {
            return recent.get(callId);
        }
    }

    /**
     * The call's journal. A call not seen yet gets a new one, and so does a call id that comes back
     * after its call ended (a new call.started): its events start again at 1.
     */
    private Journal journal(String callId, String type) {
        Journal journal = find(callId);
        if (journal != null && !(journal.ended && STARTED.equals(type))) {
            return journal;
        }
        return live.compute(callId, (id, current) -> current == null || current.ended ? new Journal() : current);
    }
}
