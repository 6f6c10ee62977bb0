package dev.voicebridge.simulator;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated Azure Realtime session, the owner of one WebSocket: its lifecycle (session.created,
 * session.update, the close, expiry and scripted drops), the dispatch of client events, and the timers.
 * The work is done by its parts, {@link InputAudioBuffer}, {@link Conversation} and
 * {@link ResponseStream}, which all write through one {@link ServerEvents} so the session has one event
 * sequence.
 *
 * <p>The lock is this object's, and only this class takes it: client events arrive on the socket's
 * event loop through the synchronized entry points, and timed work (deltas, transcripts, expiry) runs
 * through {@link #schedule}, which takes it too. The parts are never called without it, so they need
 * no locking of their own and their events go out in a consistent order.
 */
final class SimulatedSession {

    private static final Logger log = LoggerFactory.getLogger(SimulatedSession.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Protocol protocol;
    private final String deployment;
    private final ScheduledExecutorService timer;
    private final SessionRecord record;
    private final FaultPlan faults;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final long expiresAtEpochSeconds;
    private final ServerEvents events;
    private final InputAudioBuffer input;
    private final Conversation conversation;
    private final ResponseStream responses;

    private SessionConfig config;
    private int closeCode;
    private String closeReason;

    SimulatedSession(
            int index, SimulatorOptions options, Protocol protocol, String deployment, ScheduledExecutorService timer) {
        this.protocol = protocol;
        this.deployment = deployment;
        this.timer = timer;
        this.config = protocol.defaults();
        this.record = new SessionRecord(index, "sess_" + Ids.next(), protocol, config, options.recordEvents());
        this.faults = new FaultPlan(options.faults(), index);
        EventShapes shapes = new EventShapes(protocol);
        this.events = new ServerEvents(record);
        this.conversation = new Conversation(this, events, shapes, protocol);
        this.responses = new ResponseStream(this, options, protocol, shapes, faults, events, conversation);
        this.input = new InputAudioBuffer(this, events, conversation, responses, options.echoImmediately());
        long lifetime = faults.lifetime().toMillis();
        this.expiresAtEpochSeconds = System.currentTimeMillis() / 1000 + lifetime / 1000;
        if (lifetime < FaultPlan.AZURE_LIFETIME.toMillis()) {
            schedule(this::expire, lifetime);
        }
    }

    SessionRecord record() {
        return record;
    }

    /** The effective configuration; the parts read it at each use, since session.update replaces it. */
    SessionConfig config() {
        return config;
    }

    Flux<String> outbound() {
        return events.outbound();
    }

    /** The close frame to send once the outbound stream completes, or 0 for none. */
    synchronized int closeCode() {
        return closeCode;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    synchronized void attach(Connection connection) {
        events.attach(connection);
    }

    /**
     * Starts the session with a client secret's configuration (its instructions and voice), as a
     * session opened with that secret does; called before {@link #start()}.
     */
    synchronized void bind(ClientSecrets.Secret secret) {
        if (secret.instructions() != null) {
            config = config.withInstructions(secret.instructions());
        }
        if (secret.voice() != null) {
            config = config.withVoice(secret.voice());
        }
        record.recordConfig(config);
    }

    synchronized void start() {
        events.send("session.created", EventShapes.obj().set("session", renderSession()));
    }

    synchronized void onClientText(String text) {
        if (events.ended()) {
            return;
        }
        JsonNode event;
        try {
            // The one event of every 20-100 ms: read without a tree when it has the plain shape.
            AppendEvent append = AppendEvent.read(text, JSON, record.recordsEvents());
            if (append != null) {
                try {
                    input.append(append.audio(), append.others());
                } catch (RealtimeError e) {
                    events.error(e, append.eventId());
                }
                return;
            }
            event = JSON.readTree(text);
        } catch (JacksonException e) {
            record.recordClientEvent(
                    "(malformed)",
                    JsonNodeFactory.instance.stringNode(text.length() > 200 ? text.substring(0, 200) : text));
            events.error(
                    new RealtimeError("invalid_json", "We could not parse the JSON body of your request.", null), null);
            return;
        }
        String type = event.path("type").asString("");
        String eventId = event.path("event_id").asString(null);
        try {
            if (type.equals(AppendEvent.TYPE)) {
                input.append(event);
                return;
            }
            record.recordClientEvent(type, event);
            switch (type) {
                case "session.update" -> updateSession(event);
                case "input_audio_buffer.commit" -> input.commit();
                case "input_audio_buffer.clear" -> input.clear();
                case "conversation.item.create" -> conversation.create(event);
                case "conversation.item.truncate" -> conversation.truncate(event);
                case "conversation.item.delete" -> conversation.delete(event);
                case "response.create" -> responses.create();
                case "response.cancel" -> responses.cancel();
                default ->
                    throw RealtimeError.invalidValue(
                            "type",
                            "Invalid value: '" + type + "'. This is not a client event the realtime API supports.");
            }
        } catch (RealtimeError e) {
            events.error(e, eventId);
        }
    }

    /** The socket is gone (client close or drop); stops all work. */
    synchronized void disconnected(int clientCode, String clientReason) {
        if (!events.ended()) {
            record.recordClosed(new SessionRecord.Close(clientCode, clientReason, false));
        }
        stopWork();
    }

    private void updateSession(JsonNode event) {
        JsonNode session = event.get("session");
        if (session == null || !session.isObject()) {
            throw RealtimeError.missingParameter("session");
        }
        SessionConfig before = config;
        config = protocol.apply(session, config);
        record.recordConfig(config);
        if (config.inputFormat() != before.inputFormat()
                || !config.turnDetection().equals(before.turnDetection())) {
            input.reset();
        }
        long late = faults.sessionUpdatedDelay().toMillis();
        if (late > 0) {
            // Rendered when sent, as the session is then; a socket gone by then gets nothing.
            schedule(() -> events.send("session.updated", EventShapes.obj().set("session", renderSession())), late);
        } else {
            events.send("session.updated", EventShapes.obj().set("session", renderSession()));
        }
    }

    private ObjectNode renderSession() {
        return protocol.render(config, new Protocol.SessionMeta(record.id(), deployment, expiresAtEpochSeconds));
    }

    /**
     * Whether a scripted drop is due after {@code deltasSent} deltas of {@code turn}'s response; if so,
     * the session has ended and its socket is being closed without a close frame.
     */
    boolean dropDue(int turn, int deltasSent) {
        if (!faults.dropAt(turn, deltasSent)) {
            return false;
        }
        log.info("Simulator session {}: dropping the connection (scripted fault, turn {})", record.index(), turn);
        record.recordClosed(new SessionRecord.Close(1006, "dropped by scripted fault", true));
        stopWork();
        Connection connection = events.connection();
        if (connection != null) {
            // Drop after the deltas already sent have left: queued behind the socket's pending writes,
            // flushed, then closed without a close frame. A bare close() could discard the last delta.
            Channel channel = connection.channel();
            channel.eventLoop()
                    .execute(() ->
                            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
        }
        return true;
    }

    /** Azure went away ({@link RealtimeSimulator#outage()}): the socket drops without a close frame. */
    void dropNow() {
        if (events.ended()) {
            return;
        }
        log.info("Simulator session {}: dropping the connection (outage)", record.index());
        record.recordClosed(new SessionRecord.Close(1006, "dropped by outage", true));
        stopWork();
        Connection connection = events.connection();
        if (connection != null) {
            connection.channel().close();
        }
    }

    private void expire() {
        if (events.ended()) {
            return;
        }
        events.error(
                new RealtimeError(
                        "invalid_request_error",
                        "session_expired",
                        "Your session hit the maximum duration of 30 minutes.",
                        null),
                null);
        closeCode = 1001;
        closeReason = "session_expired";
        record.recordClosed(new SessionRecord.Close(closeCode, closeReason, true));
        stopWork();
    }

    /** Ends the session: no more events but errors, no response, no pending timer. */
    private void stopWork() {
        responses.stop();
        timers.forEach(t -> t.cancel(false));
        events.end();
    }

    /**
     * Runs {@code task} later under the session's lock: on the socket's own event loop once the
     * session is attached, so the events it sends are written where they are made (a send from
     * another thread costs the loop a task and a wake-up per event), else on the simulator's timer.
     */
    void schedule(Runnable task, long delayMillis) {
        timers.removeIf(ScheduledFuture::isDone);
        Connection connection = events.connection();
        ScheduledExecutorService on = connection != null ? connection.channel().eventLoop() : timer;
        timers.add(on.schedule(
                () -> {
                    try {
                        synchronized (this) {
                            task.run();
                        }
                    } catch (RuntimeException e) {
                        log.warn("Simulator session {}: scheduled work failed", record.index(), e);
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS));
    }
}
