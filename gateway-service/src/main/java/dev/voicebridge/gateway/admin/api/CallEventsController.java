package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.events.CallEvent;
import dev.voicebridge.gateway.events.CallEventJson;
import dev.voicebridge.gateway.events.CallEvents;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The call events as Server-Sent Events (contracts section 1): one call's, replayed from its start
 * and then live until it ends, or every call's, live. Each event is {@code id: <callId>:<seq>},
 * {@code event: <type>}, {@code data: <the webhook JSON>}; a {@code : keep-alive} comment goes out
 * every {@link #KEEP_ALIVE} so proxies and the HTTP idle timeout leave a quiet stream open. Runs on
 * the server's event loops; the events reach it on Reactor's parallel workers.
 */
@RestController
class CallEventsController {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final CallEvents events;
    private final CallTracker tracker;

    CallEventsController(CallEvents events, CallTracker tracker) {
        this.events = events;
        this.tracker = tracker;
    }

    /** {@code id}: this gateway's call id, or the call's SMA TransactionId. */
    @GetMapping(path = "/api/calls/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> call(@PathVariable String id) {
        if (!CallSetup.isSafeId(id)) {
            throw CallsController.problem(HttpStatus.BAD_REQUEST, "id must be " + CallSetup.SAFE_ID_RULE);
        }
        String callId = events.knows(id)
                ? id
                : tracker.find(id).map(TrackedCall::callId).orElse(id);
        if (!events.knows(callId)) {
            throw CallsController.problem(HttpStatus.NOT_FOUND, "no call with id " + id + " on this gateway");
        }
        return withKeepAlive(events.call(callId));
    }

    @GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> all() {
        return withKeepAlive(events.all());
    }

    private static Flux<ServerSentEvent<String>> withKeepAlive(Flux<CallEvent> source) {
        Sinks.Empty<Void> done = Sinks.empty();
        Flux<ServerSentEvent<String>> sse = source.map(e -> ServerSentEvent.builder(CallEventJson.of(e))
                        .id(e.sseId())
                        .event(e.type())
                        .build())
                .doFinally(signal -> done.tryEmitEmpty());
        // The first comment at once: WebFlux sends the response head with the first element, and a
        // fetch() reader (the operator console) only sees the stream open once the head arrives.
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(Duration.ZERO, KEEP_ALIVE)
                .map(tick ->
                        ServerSentEvent.<String>builder().comment(" keep-alive").build())
                .takeUntilOther(done.asMono());
        return Flux.merge(sse, keepAlive);
    }
}
