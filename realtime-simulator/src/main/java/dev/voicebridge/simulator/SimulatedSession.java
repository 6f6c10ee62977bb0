package dev.voicebridge.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated Azure Realtime session: the state machine behind one WebSocket. Every method runs
 * under the session's lock (client events arrive on a Netty thread, response streaming runs on the
 * simulator's timer), so events go out in a consistent order. It is long on purpose: input, turns,
 * items and responses share that one lock and one event sequence, and splitting them would spread
 * the ordering rules over several classes; JSON shapes ({@link EventShapes}) and fault lookup
 * ({@link FaultPlan}) live outside.
 */
final class SimulatedSession {

    private static final Logger log = LoggerFactory.getLogger(SimulatedSession.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_APPEND_BYTES = 15 * 1024 * 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private final SimulatorOptions options;
    private final Protocol protocol;
    private final String deployment;
    private final ScheduledExecutorService timer;
    private final SessionRecord record;
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Set<String> callIds = new HashSet<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final long expiresAtEpochSeconds;
    private final FaultPlan faults;
    private final EventShapes shapes;

    private Connection connection;
    private SessionConfig config;
    private EnergyVad vad;
    private AudioBuffer input;
    private String lastItemId;
    private String speechItemId;
    private long speechStartMs;
    private byte[] lastUtterance = new byte[0];
    private WireFormat lastUtteranceFormat = WireFormat.PCM16;
    private int utterances;
    private int turns;
    private ActiveResponse active;
    private long eventSeq;
    private boolean ended;
    private int closeCode;
    private String closeReason;

    /** A conversation item, as far as truncate and function_call_output validation need it. */
    private static final class Item {
        final String id;
        final String role;
        final String type;
        long audioBytes;

        Item(String id, String role, String type) {
            this.id = id;
            this.role = role;
            this.type = type;
        }
    }

    /** The response being streamed; replaced by null when it completes or is cancelled. */
    private static final class ActiveResponse {
        final String id;
        final int turn;
        final Item item;
        final byte[] audio;
        final String[] words;
        int position;
        int deltas;
        int wordsSent;

        ActiveResponse(String id, int turn, Item item, byte[] audio, String transcript) {
            this.id = id;
            this.turn = turn;
            this.item = item;
            this.audio = audio;
            this.words = transcript.split(" ");
        }

        String transcriptSent() {
            return String.join(" ", Arrays.copyOf(words, wordsSent));
        }
    }

    SimulatedSession(
            int index, SimulatorOptions options, Protocol protocol, String deployment, ScheduledExecutorService timer) {
        this.options = options;
        this.protocol = protocol;
        this.deployment = deployment;
        this.timer = timer;
        this.config = protocol.defaults();
        this.record =
                new SessionRecord(index, "sess_" + IDS.incrementAndGet(), protocol, config, options.recordEvents());
        this.faults = new FaultPlan(options.faults(), index);
        this.shapes = new EventShapes(protocol);
        long lifetime = faults.lifetime().toMillis();
        this.expiresAtEpochSeconds = System.currentTimeMillis() / 1000 + lifetime / 1000;
        resetAudioPipeline();
        if (lifetime < FaultPlan.AZURE_LIFETIME.toMillis()) {
            schedule(this::expire, lifetime);
        }
    }

    SessionRecord record() {
        return record;
    }

    Flux<String> outbound() {
        return outbound.asFlux();
    }

    /** The close frame to send once the outbound stream completes, or 0 for none. */
    synchronized int closeCode() {
        return closeCode;
    }

    synchronized String closeReason() {
        return closeReason;
    }

    synchronized void attach(Connection connection) {
        this.connection = connection;
    }

    synchronized void start() {
        send("session.created", obj().set("session", renderSession()));
    }

    synchronized void onClientText(String text) {
        if (ended) {
            return;
        }
        JsonNode event;
        try {
            AppendEvent append = AppendEvent.read(text, JSON, record.recordsEvents());
            if (append != null) {
                try {
                    appendAudio(append.audio(), append.others());
                } catch (RealtimeError e) {
                    sendError(e, append.eventId());
                }
                return;
            }
            event = JSON.readTree(text);
        } catch (JacksonException e) {
            record.recordClientEvent(
                    "(malformed)", NODES.stringNode(text.length() > 200 ? text.substring(0, 200) : text));
            sendError(
                    new RealtimeError("invalid_json", "We could not parse the JSON body of your request.", null), null);
            return;
        }
        String type = event.path("type").asString("");
        String eventId = event.path("event_id").asString(null);
        try {
            if (type.equals("input_audio_buffer.append")) {
                appendAudio(event);
                return;
            }
            record.recordClientEvent(type, event);
            switch (type) {
                case "session.update" -> updateSession(event);
                case "input_audio_buffer.commit" -> commitManually();
                case "input_audio_buffer.clear" -> {
                    input.clear();
                    send("input_audio_buffer.cleared", obj());
                }
                case "conversation.item.create" -> createItem(event);
                case "conversation.item.truncate" -> truncate(event);
                case "conversation.item.delete" -> deleteItem(event);
                case "response.create" -> {
                    if (active != null) {
                        throw new RealtimeError(
                                "conversation_already_has_active_response",
                                "Conversation already has an active response in progress: " + active.id
                                        + ". Wait until the response is finished before creating a new one.",
                                null);
                    }
                    startResponse();
                }
                case "response.cancel" -> {
                    if (active == null) {
                        throw new RealtimeError(
                                "response_cancel_not_active", "Cancellation failed: no active response found", null);
                    }
                    finish(active, "cancelled", "client_cancelled");
                }
                default ->
                    throw RealtimeError.invalidValue(
                            "type",
                            "Invalid value: '" + type + "'. This is not a client event the realtime API supports.");
            }
        } catch (RealtimeError e) {
            sendError(e, eventId);
        }
    }

    /** The socket is gone (client close or drop); stops all work. */
    synchronized void disconnected(int clientCode, String clientReason) {
        if (!ended) {
            ended = true;
            record.recordClosed(new SessionRecord.Close(clientCode, clientReason, false));
        }
        timers.forEach(t -> t.cancel(false));
        active = null;
        outbound.tryEmitComplete();
    }

    // --- session.update ---

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
            resetAudioPipeline();
        }
        send("session.updated", obj().set("session", renderSession()));
    }

    private ObjectNode renderSession() {
        return protocol.render(config, new Protocol.SessionMeta(record.id(), deployment, expiresAtEpochSeconds));
    }

    private void resetAudioPipeline() {
        long nowMs = input == null ? 0 : vad.positionMs();
        input = new AudioBuffer(config.inputFormat().bytesPerMilli());
        vad = new EnergyVad(config.inputFormat().sampleRate(), config.turnDetection(), nowMs);
    }

    // --- input audio and turn detection ---

    private void appendAudio(JsonNode event) {
        JsonNode audioField = event.get("audio");
        ObjectNode recorded = (ObjectNode) event.deepCopy();
        recorded.remove("audio");
        if (audioField != null && !audioField.isString()) {
            record.recordClientEvent(AppendEvent.TYPE, recorded);
            throw RealtimeError.missingParameter("audio");
        }
        appendAudio(audioField == null ? null : audioField.stringValue(), recorded);
    }

    /**
     * @param base64   the append's audio field, or null when it has none
     * @param recorded the event without its audio, for the session record (null when not recording)
     */
    private void appendAudio(String base64, ObjectNode recorded) {
        if (base64 == null) {
            record.recordClientEvent(AppendEvent.TYPE, recorded);
            throw RealtimeError.missingParameter("audio");
        }
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            record.recordClientEvent(AppendEvent.TYPE, recorded);
            throw RealtimeError.invalidValue("audio", "Invalid 'audio'. Expected base64-encoded audio bytes.");
        }
        if (recorded != null) {
            recorded.put("audio_bytes", audio.length);
        }
        record.recordClientEvent(AppendEvent.TYPE, recorded);
        if (audio.length > MAX_APPEND_BYTES) {
            throw RealtimeError.invalidValue(
                    "audio", "Audio chunk of " + audio.length + " bytes exceeds the 15 MiB limit per append.");
        }
        record.recordInputAudio(audio);
        input.append(audio);
        TurnDetection td = config.turnDetection();
        if (td.enabled()) {
            vad.accept(audio, config.inputFormat(), this::onVad);
            if (!vad.inSpeech()) {
                input.keepLast(td.prefixPaddingMs() + EnergyVad.MIN_SPEECH_MS + EnergyVad.WINDOW_MS);
            }
        }
    }

    private void onVad(EnergyVad.Transition transition) {
        switch (transition) {
            case EnergyVad.SpeechStarted started -> {
                speechItemId = newId("item");
                speechStartMs = started.audioStartMs();
                send(
                        "input_audio_buffer.speech_started",
                        obj().put("audio_start_ms", started.audioStartMs()).put("item_id", speechItemId));
                if (active != null && config.turnDetection().interruptResponse()) {
                    finish(active, "cancelled", "turn_detected");
                }
            }
            case EnergyVad.SpeechStopped stopped -> {
                send(
                        "input_audio_buffer.speech_stopped",
                        obj().put("audio_end_ms", stopped.audioEndMs()).put("item_id", speechItemId));
                commit(speechItemId, input.commitFrom(speechStartMs));
                if (config.turnDetection().createResponse() && active == null) {
                    startResponse();
                }
            }
        }
    }

    private void commitManually() {
        long millis = input.millis();
        if (millis < 100) {
            throw new RealtimeError(
                    "input_audio_buffer_commit_empty",
                    "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has "
                            + millis + ".00ms of audio.",
                    null);
        }
        commit(newId("item"), input.commitFrom(Long.MIN_VALUE / 2));
    }

    private void commit(String itemId, byte[] utterance) {
        String previous = lastItemId;
        send(
                "input_audio_buffer.committed",
                obj().put("previous_item_id", previous).put("item_id", itemId));
        items.put(itemId, new Item(itemId, "user", "message"));
        lastItemId = itemId;
        ObjectNode item = shapes.item(itemId, "message", "completed").put("role", "user");
        item.putArray("content").addObject().put("type", "input_audio").putNull("transcript");
        announceItem(previous, item);
        lastUtterance = utterance;
        lastUtteranceFormat = config.inputFormat();
        int n = ++utterances;
        if (config.transcriptionModel() != null) {
            double seconds = config.inputFormat().millisOf(utterance.length) / 1000.0;
            String transcript = String.format("Caller utterance %d, %.1f seconds of speech.", n, seconds);
            schedule(
                    () -> {
                        ObjectNode done = obj().put("item_id", itemId)
                                .put("content_index", 0)
                                .put("transcript", transcript);
                        if (protocol == Protocol.GA) {
                            done.putObject("usage").put("type", "duration").put("seconds", seconds);
                        }
                        send("conversation.item.input_audio_transcription.completed", done);
                    },
                    40);
        }
    }

    // --- conversation items ---

    private void createItem(JsonNode event) {
        JsonNode item = event.get("item");
        if (item == null || !item.isObject()) {
            throw RealtimeError.missingParameter("item");
        }
        String type = item.path("type").asString("");
        String role = item.path("role").asString(null);
        switch (type) {
            case "message" -> {
                if (role == null) {
                    throw RealtimeError.missingParameter("item.role");
                }
                for (JsonNode part : item.path("content")) {
                    String partType = part.path("type").asString("");
                    if (role.equals("assistant") && (partType.equals("audio") || partType.equals("output_audio"))) {
                        throw RealtimeError.invalidValue(
                                "item.content", "Assistant audio cannot be created by the client; send text instead.");
                    }
                }
            }
            case "function_call" -> callIds.add(item.path("call_id").asString(""));
            case "function_call_output" -> {
                String callId = item.path("call_id").asString("");
                if (!callIds.contains(callId)) {
                    throw RealtimeError.invalidValue(
                            "item.call_id", "Tool call ID '" + callId + "' not found in conversation.");
                }
            }
            default ->
                throw RealtimeError.invalidValue(
                        "item.type",
                        "Invalid value: '" + type
                                + "'. Supported values are: 'message', 'function_call', and 'function_call_output'.");
        }
        String id = item.path("id").asString(newId("item"));
        ObjectNode created = ((ObjectNode) item.deepCopy()).put("id", id).put("status", "completed");
        if (protocol == Protocol.GA) {
            created.put("object", "realtime.item");
        }
        items.put(id, new Item(id, role, type));
        String previous = event.path("previous_item_id").asString(lastItemId);
        lastItemId = id;
        announceItem(previous, created);
    }

    /** conversation.item.created, plus GA's conversation.item.added / .done. */
    private void announceItem(String previousItemId, ObjectNode item) {
        send(
                "conversation.item.created",
                obj().put("previous_item_id", previousItemId).set("item", item));
        if (protocol == Protocol.GA) {
            send(
                    "conversation.item.added",
                    obj().put("previous_item_id", previousItemId).set("item", item));
            send(
                    "conversation.item.done",
                    obj().put("previous_item_id", previousItemId).set("item", item));
        }
    }

    private void truncate(JsonNode event) {
        String itemId = event.path("item_id").asString("");
        int contentIndex = event.path("content_index").asInt(0);
        long audioEndMs = event.path("audio_end_ms").asLong(-1);
        Item item = items.get(itemId);
        try {
            if (audioEndMs < 0) {
                throw RealtimeError.missingParameter("audio_end_ms");
            }
            if (item == null) {
                throw RealtimeError.invalidValue("item_id", "Conversation item with id '" + itemId + "' not found.");
            }
            if (!"assistant".equals(item.role) || item.audioBytes == 0) {
                throw new RealtimeError(
                        "unsupported_content_type", "Only model output audio messages can be truncated", "item_id");
            }
            long audioMs = config.outputFormat().millisOf(item.audioBytes);
            if (audioEndMs > audioMs) {
                throw RealtimeError.invalidValue(
                        "audio_end_ms",
                        "Audio content of " + audioMs + "ms is already shorter than " + audioEndMs + "ms");
            }
        } catch (RealtimeError e) {
            record.recordTruncate(new SessionRecord.Truncate(itemId, contentIndex, audioEndMs, false, e.code));
            throw e;
        }
        item.audioBytes = audioEndMs * config.outputFormat().bytesPerMilli();
        record.recordTruncate(new SessionRecord.Truncate(itemId, contentIndex, audioEndMs, true, null));
        send(
                "conversation.item.truncated",
                obj().put("item_id", itemId).put("content_index", contentIndex).put("audio_end_ms", audioEndMs));
    }

    private void deleteItem(JsonNode event) {
        String itemId = event.path("item_id").asString("");
        if (items.remove(itemId) == null) {
            throw RealtimeError.invalidValue("item_id", "Conversation item with id '" + itemId + "' not found.");
        }
        send("conversation.item.deleted", obj().put("item_id", itemId));
    }

    // --- responses ---

    private void startResponse() {
        int turn = ++turns;
        String responseId = newId("resp");
        Fault.ErrorEvent error = faults.errorAt(turn);
        if (error != null) {
            sendError(new RealtimeError(error.type(), error.code(), error.message(), null), null);
            if (error.failResponse()) {
                send(
                        "response.created",
                        obj().set(
                                        "response",
                                        EventShapes.response(
                                                responseId, "in_progress", null, EventShapes.array(), null)));
                ObjectNode details = obj().put("type", "failed");
                details.putObject("error").put("type", error.type()).put("code", error.code());
                send(
                        "response.done",
                        obj().set(
                                        "response",
                                        EventShapes.response(
                                                responseId,
                                                "failed",
                                                details,
                                                EventShapes.array(),
                                                usageOf(EventShapes.array()))));
                return;
            }
        }
        send(
                "response.created",
                obj().set(
                                "response",
                                EventShapes.response(responseId, "in_progress", null, EventShapes.array(), null)));
        send("rate_limits.updated", EventShapes.rateLimits());
        if (dropDue(turn, 0)) {
            return;
        }
        ToolCue cue = options.toolCues().stream()
                .filter(c -> c.turn() == turn)
                .findFirst()
                .orElse(null);
        if (cue != null) {
            callTool(responseId, cue);
            return;
        }
        boolean echo = options.responseAudio() == ResponseAudio.ECHO
                && lastUtteranceFormat.millisOf(lastUtterance.length) >= 200;
        byte[] audio = echo ? echoAudio() : Tone.of(config.outputFormat(), options.tone());
        String transcript = echo
                ? "I heard you say something for "
                        + String.format("%.1f", lastUtteranceFormat.millisOf(lastUtterance.length) / 1000.0)
                        + " seconds, and here it is back."
                : "This is the Realtime simulator speaking.";
        Item item = new Item(newId("item"), "assistant", "message");
        items.put(item.id, item);
        ActiveResponse response = new ActiveResponse(responseId, turn, item, audio, transcript);
        active = response;
        send(
                "response.output_item.added",
                obj().put("response_id", responseId)
                        .put("output_index", 0)
                        .set("item", shapes.assistantItem(item.id, "in_progress", null)));
        announceItem(lastItemId, shapes.assistantItem(item.id, "in_progress", null));
        lastItemId = item.id;
        send("response.content_part.added", contentRef(response).set("part", shapes.audioPart("")));
        schedule(() -> tick(response), deltaInterval());
    }

    private byte[] echoAudio() {
        WireFormat out = config.outputFormat();
        byte[] converted = out.convertFrom(lastUtteranceFormat, lastUtterance);
        int cap = (int) options.maxResponse().toMillis() * out.bytesPerMilli();
        return converted.length > cap ? Arrays.copyOf(converted, cap) : converted;
    }

    private synchronized void tick(ActiveResponse response) {
        if (active != response || ended) {
            return;
        }
        int chunk = Math.min(
                (int) options.deltaDuration().toMillis() * config.outputFormat().bytesPerMilli(),
                response.audio.length - response.position);
        byte[] delta = Arrays.copyOfRange(response.audio, response.position, response.position + chunk);
        response.position += chunk;
        response.deltas++;
        response.item.audioBytes += chunk;
        record.recordAudioSent(chunk);
        sendAudio(response, delta);
        int wordsDue = (int)
                Math.ceil((double) response.words.length * response.position / Math.max(1, response.audio.length));
        if (wordsDue > response.wordsSent) {
            String text = (response.wordsSent == 0 ? "" : " ")
                    + String.join(" ", Arrays.copyOfRange(response.words, response.wordsSent, wordsDue));
            response.wordsSent = wordsDue;
            send(protocol.transcriptDelta(), contentRef(response).put("delta", text));
        }
        if (dropDue(response.turn, response.deltas)) {
            return;
        }
        if (response.position >= response.audio.length) {
            finish(response, "completed", null);
            return;
        }
        long delay = deltaInterval();
        Fault.Stall stall = faults.stallAt(response.turn);
        if (stall != null && response.deltas == 1) {
            delay += stall.stall().toMillis();
        }
        schedule(() -> tick(response), delay);
    }

    private long deltaInterval() {
        return Math.max(1, (long) (options.deltaDuration().toMillis() / options.speed()));
    }

    /** Ends the active response: the done events Azure sends on completion and on cancellation alike. */
    private void finish(ActiveResponse response, String status, String reason) {
        active = null;
        String transcript = response.transcriptSent();
        send(protocol.audioDone(), contentRef(response));
        send(protocol.transcriptDone(), contentRef(response).put("transcript", transcript));
        send("response.content_part.done", contentRef(response).set("part", shapes.audioPart(transcript)));
        ObjectNode item = shapes.assistantItem(
                response.item.id, status.equals("completed") ? "completed" : "incomplete", transcript);
        send(
                "response.output_item.done",
                obj().put("response_id", response.id).put("output_index", 0).set("item", item));
        ObjectNode details =
                reason == null ? null : obj().put("type", "cancelled").put("reason", reason);
        ArrayNode output = EventShapes.array().add(item);
        send(
                "response.done",
                obj().set("response", EventShapes.response(response.id, status, details, output, usageOf(output))));
    }

    private void callTool(String responseId, ToolCue cue) {
        String itemId = newId("item");
        String callId = "call_" + IDS.incrementAndGet();
        callIds.add(callId);
        items.put(itemId, new Item(itemId, null, "function_call"));
        ObjectNode started = shapes.item(itemId, "function_call", "in_progress")
                .put("name", cue.name())
                .put("call_id", callId)
                .put("arguments", "");
        send(
                "response.output_item.added",
                obj().put("response_id", responseId).put("output_index", 0).set("item", started));
        announceItem(lastItemId, started);
        lastItemId = itemId;
        send(
                "response.function_call_arguments.delta",
                obj().put("response_id", responseId)
                        .put("item_id", itemId)
                        .put("output_index", 0)
                        .put("call_id", callId)
                        .put("delta", cue.argumentsJson()));
        send(
                "response.function_call_arguments.done",
                obj().put("response_id", responseId)
                        .put("item_id", itemId)
                        .put("output_index", 0)
                        .put("call_id", callId)
                        .put("name", cue.name())
                        .put("arguments", cue.argumentsJson()));
        ObjectNode done = shapes.item(itemId, "function_call", "completed")
                .put("name", cue.name())
                .put("call_id", callId)
                .put("arguments", cue.argumentsJson());
        send(
                "response.output_item.done",
                obj().put("response_id", responseId).put("output_index", 0).set("item", done));
        ArrayNode output = EventShapes.array().add(done);
        send(
                "response.done",
                obj().set("response", EventShapes.response(responseId, "completed", null, output, usageOf(output))));
    }

    // --- faults ---

    private boolean dropDue(int turn, int deltasSent) {
        if (!faults.dropAt(turn, deltasSent)) {
            return false;
        }
        log.info("Simulator session {}: dropping the connection (scripted fault, turn {})", record.index(), turn);
        ended = true;
        active = null;
        record.recordClosed(new SessionRecord.Close(1006, "dropped by scripted fault", true));
        timers.forEach(t -> t.cancel(false));
        outbound.tryEmitComplete();
        if (connection != null) {
            // Drop after the deltas already sent have left: queued behind the socket's pending writes,
            // flushed, then closed without a close frame. A bare close() could discard the last delta.
            io.netty.channel.Channel channel = connection.channel();
            channel.eventLoop()
                    .execute(() -> channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                            .addListener(io.netty.channel.ChannelFutureListener.CLOSE));
        }
        return true;
    }

    private synchronized void expire() {
        if (ended) {
            return;
        }
        sendError(
                new RealtimeError(
                        "invalid_request_error",
                        "session_expired",
                        "Your session hit the maximum duration of 30 minutes.",
                        null),
                null);
        closeWith(1001, "session_expired");
    }

    private void closeWith(int code, String reason) {
        ended = true;
        active = null;
        closeCode = code;
        closeReason = reason;
        record.recordClosed(new SessionRecord.Close(code, reason, true));
        timers.forEach(t -> t.cancel(false));
        outbound.tryEmitComplete();
    }

    // --- plumbing ---

    private void sendError(RealtimeError e, String clientEventId) {
        log.debug("Simulator session {}: error {} ({})", record.index(), e.code, e.getMessage());
        send("error", EventShapes.error(e, clientEventId));
    }

    private void send(String type, ObjectNode body) {
        if (ended && !type.equals("error")) {
            return;
        }
        ObjectNode event = obj().put("event_id", "event_" + record.index() + "_" + (++eventSeq))
                .put("type", type);
        event.setAll(body);
        String text = JSON.writeValueAsString(event);
        record.recordServerEvent(type, event);
        emit(text);
    }

    /**
     * An audio delta, the event sent most often: written as text directly (the same JSON, field for
     * field, as the tree {@link #send} would render; ids and types never need escaping) and recorded,
     * when recording, with {@code delta_bytes} in place of its base64.
     */
    private void sendAudio(ActiveResponse response, byte[] audio) {
        String type = protocol.audioDelta();
        if (ended) {
            return;
        }
        String eventId = "event_" + record.index() + "_" + (++eventSeq);
        if (record.recordsEvents()) {
            record.recordServerEvent(
                    type,
                    obj().put("event_id", eventId)
                            .put("type", type)
                            .setAll(contentRef(response))
                            .put("delta_bytes", audio.length));
        } else {
            record.countServerEvent();
        }
        String base64 = Base64.getEncoder().encodeToString(audio);
        StringBuilder text =
                new StringBuilder(160 + response.id.length() + response.item.id.length() + base64.length());
        text.append("{\"event_id\":\"")
                .append(eventId)
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"response_id\":\"")
                .append(response.id)
                .append("\",\"item_id\":\"")
                .append(response.item.id)
                .append("\",\"output_index\":0,\"content_index\":0,\"delta\":\"")
                .append(base64)
                .append("\"}");
        emit(text.toString());
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
            c.channel().writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(text));
        }
    }

    /**
     * Runs {@code task} later under the session's lock: on the socket's own event loop once the
     * session is attached, so the events it sends are written where they are made (a send from
     * another thread costs the loop a task and a wake-up per event), else on the simulator's timer.
     */
    private void schedule(Runnable task, long delayMillis) {
        timers.removeIf(ScheduledFuture::isDone);
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

    private static ObjectNode obj() {
        return EventShapes.obj();
    }

    private ObjectNode contentRef(ActiveResponse response) {
        return EventShapes.contentRef(response.id, response.item.id);
    }

    /** Usage for a finished response: input audio of the last utterance, output audio of its items. */
    private ObjectNode usageOf(ArrayNode output) {
        int inputAudio = (int) (lastUtteranceFormat.millisOf(lastUtterance.length) / 100);
        int outputAudio = 0;
        for (JsonNode item : output) {
            Item known = items.get(item.path("id").asString(""));
            if (known != null) {
                outputAudio += (int) (config.outputFormat().millisOf(known.audioBytes) / 50);
            }
        }
        return EventShapes.usage(inputAudio, outputAudio);
    }

    private static String newId(String prefix) {
        return prefix + "_" + Long.toString(IDS.incrementAndGet(), 36)
                + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
    }
}
