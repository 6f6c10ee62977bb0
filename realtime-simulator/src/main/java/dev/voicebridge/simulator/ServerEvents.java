package dev.voicebridge.simulator;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one session's server events: numbers them ({@code event_<session>_<n>}), records them in the
 * {@link SessionRecord} and puts them on the socket. One sequence for the whole session is why every
 * part of it writes through here.
 *
 * <p>Owned by {@link SimulatedSession} and called only under its lock: on the socket's event loop
 * (client events, and timers once the session is attached), or on the simulator's timer or the
 * accepting thread before that.
 */
final class ServerEvents {

    private static final Logger log = LoggerFactory.getLogger(ServerEvents.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SessionRecord record;
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private Connection connection;
    private long eventSeq;
    private boolean ended;

    ServerEvents(SessionRecord record) {
        this.record = record;
    }

    Flux<String> outbound() {
        return outbound.asFlux();
    }

    void attach(Connection connection) {
        this.connection = connection;
    }

    /** The socket, or null before the session is attached. */
    Connection connection() {
        return connection;
    }

    /** Whether the session is over; from then on only errors are still written. */
    boolean ended() {
        return ended;
    }

    /** Ends the session's output: the outbound stream completes, which lets the socket close. */
    void end() {
        ended = true;
        outbound.tryEmitComplete();
    }

    void send(String type, ObjectNode body) {
        if (ended && !type.equals("error")) {
            return;
        }
        ObjectNode event = EventShapes.obj().put("event_id", nextEventId()).put("type", type);
        event.setAll(body);
        String text = JSON.writeValueAsString(event);
        record.recordServerEvent(type, event);
        emit(text);
    }

    void error(RealtimeError e, String clientEventId) {
        log.debug("Simulator session {}: error {} ({})", record.index(), e.code, e.getMessage());
        send("error", EventShapes.error(e, clientEventId));
    }

    /**
     * An audio delta, the event sent most often: written as text directly (the same JSON, field for
     * field, as the tree {@link #send} would render; ids and types never need escaping) and recorded,
     * when recording, with {@code delta_bytes} in place of its base64.
     */
    void audioDelta(String type, String responseId, String itemId, byte[] audio) {
        if (ended) {
            return;
        }
        String eventId = nextEventId();
        if (record.recordsEvents()) {
            record.recordServerEvent(
                    type,
                    EventShapes.obj()
                            .put("event_id", eventId)
                            .put("type", type)
                            .setAll(EventShapes.contentRef(responseId, itemId))
                            .put("delta_bytes", audio.length));
        } else {
            record.countServerEvent();
        }
        String base64 = Base64.getEncoder().encodeToString(audio);
        StringBuilder text = new StringBuilder(160 + responseId.length() + itemId.length() + base64.length());
        text.append("{\"event_id\":\"")
                .append(eventId)
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"response_id\":\"")
                .append(responseId)
                .append("\",\"item_id\":\"")
                .append(itemId)
                .append("\",\"output_index\":0,\"content_index\":0,\"delta\":\"")
                .append(base64)
                .append("\"}");
        emit(text.toString());
    }

    private String nextEventId() {
        return "event_" + record.index() + "_" + (++eventSeq);
    }

    /**
     * Writes an event to the socket. Once attached (before the first event), straight to the channel:
     * sends happen on its event loop, so each is written and flushed where it is made, with no queue or
     * drain per event. The outbound stream then only carries the end of the session (and its close
     * frame), which Netty writes after every event already written.
     */
    private void emit(String text) {
        Connection c = connection;
        if (c == null) {
            outbound.tryEmitNext(text);
        } else if (c.channel().isActive()) {
            c.channel().writeAndFlush(new TextWebSocketFrame(text));
        }
    }
}
