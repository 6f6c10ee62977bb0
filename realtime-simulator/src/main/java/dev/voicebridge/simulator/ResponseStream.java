package dev.voicebridge.simulator;

import java.util.Arrays;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's responses: response.create and VAD-made turns, the audio (echo or tone) streamed in
 * paced deltas with their transcript, cancellation by the client or by barge-in, tool calls on cue,
 * and the per-turn faults (error events, stalls, drops). At most one response is active, as on Azure.
 * In immediate-echo mode ({@link SimulatorOptions#echoImmediately()}) one long-lived response carries
 * every append's audio back as it arrives.
 *
 * <p>Owned by {@link SimulatedSession} and only called under its lock: on the socket's event loop
 * (client events, VAD turns and barge-ins) and on the pacing timer that sends each next delta (the
 * socket's event loop once attached, else the simulator's timer; see {@link SimulatedSession#schedule}).
 */
final class ResponseStream {

    /** The response being streamed; replaced by null when it completes or is cancelled. */
    private static final class Active {
        final String id;
        final int turn;
        final Conversation.Item item;
        /**
         * The audio to stream, or null for an immediate echo (its audio comes append by append) and
         * for a text-only response.
         */
        final byte[] audio;
        /** A text-only response (output modalities ["text"]): its transcript streams as text. */
        final boolean text;

        final String[] words;
        int position;
        int deltas;
        int wordsSent;

        Active(String id, int turn, Conversation.Item item, byte[] audio, String transcript, boolean text) {
            this.id = id;
            this.turn = turn;
            this.item = item;
            this.audio = audio;
            this.text = text;
            this.words = transcript.split(" ");
        }

        String transcriptSent() {
            return String.join(" ", Arrays.copyOf(words, wordsSent));
        }

        ObjectNode contentRef() {
            return EventShapes.contentRef(id, item.id);
        }
    }

    private final SimulatedSession session;
    private final SimulatorOptions options;
    private final Protocol protocol;
    private final EventShapes shapes;
    private final FaultPlan faults;
    private final ServerEvents events;
    private final Conversation conversation;
    /** Words per text delta of a text-only response. */
    private static final int TEXT_WORDS_PER_DELTA = 3;

    private Active active;
    private int turns;

    ResponseStream(
            SimulatedSession session,
            SimulatorOptions options,
            Protocol protocol,
            EventShapes shapes,
            FaultPlan faults,
            ServerEvents events,
            Conversation conversation) {
        this.session = session;
        this.options = options;
        this.protocol = protocol;
        this.shapes = shapes;
        this.faults = faults;
        this.events = events;
        this.conversation = conversation;
    }

    boolean active() {
        return active != null;
    }

    /** response.create from the client: refused while a response is active, as Azure does. */
    void create() {
        if (active != null) {
            throw new RealtimeError(
                    "conversation_already_has_active_response",
                    "Conversation already has an active response in progress: " + active.id
                            + ". Wait until the response is finished before creating a new one.",
                    null);
        }
        start();
    }

    /** response.cancel from the client: refused when nothing is active. */
    void cancel() {
        if (active == null) {
            throw new RealtimeError(
                    "response_cancel_not_active", "Cancellation failed: no active response found", null);
        }
        finish(active, "cancelled", "client_cancelled");
    }

    /** The VAD ended a turn that asks for a response; none starts while one is still going. */
    void startIfIdle() {
        if (active == null) {
            start();
        }
    }

    /** The caller started speaking: with interrupt_response, the active response is cancelled. */
    void bargeIn() {
        if (active != null) {
            finish(active, "cancelled", "turn_detected");
        }
    }

    /** The session ended: whatever was streaming stops (its pending delta finds no active response). */
    void stop() {
        active = null;
    }

    /**
     * Immediate echo: {@code audio}, just appended, goes out at once as the next delta of the echo
     * response, which the first append starts (and the next one after a cancel). No pacing and no
     * transcript: the delay a client measures is its own. While a response the client created is
     * streaming, appends are not echoed into it.
     */
    void echo(byte[] audio) {
        if (session.config().textOutput()) {
            return; // a text-only session speaks no audio, echoed or not
        }
        Active response = active != null ? active : begin(true);
        if (response == null || response.audio != null) {
            return;
        }
        SessionConfig config = session.config();
        byte[] delta = config.outputFormat().convertFrom(config.inputFormat(), audio);
        response.deltas++;
        response.item.audioBytes += delta.length;
        session.record().recordAudioSent(delta.length);
        events.audioDelta(protocol.audioDelta(), response.id, response.item.id, delta);
        session.dropDue(response.turn, response.deltas);
    }

    private void start() {
        begin(false);
    }

    /**
     * Starts the next turn's response: a streamed echo or tone, or with {@code immediate} an echo fed
     * by {@link #echo}. Returns it, or null when a fault or a tool call took the turn.
     */
    private Active begin(boolean immediate) {
        int turn = ++turns;
        String responseId = Ids.newId("resp");
        Fault.ErrorEvent error = faults.errorAt(turn);
        if (error != null) {
            events.error(new RealtimeError(error.type(), error.code(), error.message(), null), null);
            if (error.failResponse()) {
                events.send("response.created", responseBody(responseId, "in_progress", null, null));
                ObjectNode details = EventShapes.obj().put("type", "failed");
                details.putObject("error").put("type", error.type()).put("code", error.code());
                events.send(
                        "response.done",
                        responseBody(responseId, "failed", details, conversation.usageOf(EventShapes.array())));
                return null;
            }
        }
        events.send("response.created", responseBody(responseId, "in_progress", null, null));
        events.send("rate_limits.updated", EventShapes.rateLimits());
        if (session.dropDue(turn, 0)) {
            return null;
        }
        ToolCue cue = options.toolCues().stream()
                .filter(c -> c.turn() == turn)
                .findFirst()
                .orElse(null);
        if (cue != null) {
            callTool(responseId, cue);
            return null;
        }
        long heardMs = conversation.lastUtteranceMillis();
        boolean echo = options.responseAudio() == ResponseAudio.ECHO && heardMs >= 200;
        WireFormat out = session.config().outputFormat();
        boolean text = !immediate && session.config().textOutput();
        byte[] audio = immediate || text ? null : echo ? echoAudio(out) : Tone.of(out, options.tone());
        String transcript = immediate
                ? ""
                : echo
                        ? "I heard you say something for " + String.format("%.1f", heardMs / 1000.0)
                                + " seconds, and here it is back."
                        : "This is the Realtime simulator speaking.";
        Conversation.Item item = conversation.addOutput(Ids.newId("item"), "assistant", "message");
        Active response = new Active(responseId, turn, item, audio, transcript, text);
        active = response;
        ObjectNode started = text
                ? shapes.assistantTextItem(item.id, "in_progress", null)
                : shapes.assistantItem(item.id, "in_progress", null);
        events.send(
                "response.output_item.added",
                EventShapes.obj()
                        .put("response_id", responseId)
                        .put("output_index", 0)
                        .set("item", started));
        conversation.follow(item.id, started.deepCopy());
        events.send(
                "response.content_part.added",
                response.contentRef().set("part", text ? shapes.textPart("") : shapes.audioPart("")));
        if (text) {
            session.schedule(() -> textTick(response), deltaInterval());
        } else if (!immediate) {
            session.schedule(() -> tick(response), deltaInterval());
        }
        return response;
    }

    /** The caller's last utterance in the output format, capped at the options' longest response. */
    private byte[] echoAudio(WireFormat out) {
        byte[] converted = out.convertFrom(conversation.lastUtteranceFormat(), conversation.lastUtterance());
        int cap = (int) options.maxResponse().toMillis() * out.bytesPerMilli();
        return converted.length > cap ? Arrays.copyOf(converted, cap) : converted;
    }

    /** Sends the next delta (and the transcript words due by then) and schedules the one after. */
    private void tick(Active response) {
        if (active != response || events.ended()) {
            return;
        }
        int chunk = Math.min(
                (int) options.deltaDuration().toMillis()
                        * session.config().outputFormat().bytesPerMilli(),
                response.audio.length - response.position);
        byte[] delta = Arrays.copyOfRange(response.audio, response.position, response.position + chunk);
        response.position += chunk;
        response.deltas++;
        response.item.audioBytes += chunk;
        session.record().recordAudioSent(chunk);
        events.audioDelta(protocol.audioDelta(), response.id, response.item.id, delta);
        int wordsDue = (int)
                Math.ceil((double) response.words.length * response.position / Math.max(1, response.audio.length));
        if (wordsDue > response.wordsSent) {
            String text = (response.wordsSent == 0 ? "" : " ")
                    + String.join(" ", Arrays.copyOfRange(response.words, response.wordsSent, wordsDue));
            response.wordsSent = wordsDue;
            events.send(protocol.transcriptDelta(), response.contentRef().put("delta", text));
        }
        if (session.dropDue(response.turn, response.deltas)) {
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
        session.schedule(() -> tick(response), delay);
    }

    /** A text-only response: the next few words as a text delta, then the next tick or the end. */
    private void textTick(Active response) {
        if (active != response || events.ended()) {
            return;
        }
        int due = Math.min(response.words.length, response.wordsSent + TEXT_WORDS_PER_DELTA);
        String delta = (response.wordsSent == 0 ? "" : " ")
                + String.join(" ", Arrays.copyOfRange(response.words, response.wordsSent, due));
        response.wordsSent = due;
        response.deltas++;
        events.send(protocol.textDelta(), response.contentRef().put("delta", delta));
        if (session.dropDue(response.turn, response.deltas)) {
            return;
        }
        if (response.wordsSent >= response.words.length) {
            finish(response, "completed", null);
            return;
        }
        session.schedule(() -> textTick(response), deltaInterval());
    }

    private long deltaInterval() {
        return Math.max(1, (long) (options.deltaDuration().toMillis() / options.speed()));
    }

    /** Ends the active response: the done events Azure sends on completion and on cancellation alike. */
    private void finish(Active response, String status, String reason) {
        active = null;
        if (response.text) {
            finishText(response, status, reason);
            return;
        }
        String transcript = response.transcriptSent();
        events.send(protocol.audioDone(), response.contentRef());
        events.send(protocol.transcriptDone(), response.contentRef().put("transcript", transcript));
        events.send("response.content_part.done", response.contentRef().set("part", shapes.audioPart(transcript)));
        ObjectNode item = shapes.assistantItem(
                response.item.id, status.equals("completed") ? "completed" : "incomplete", transcript);
        events.send(
                "response.output_item.done",
                EventShapes.obj()
                        .put("response_id", response.id)
                        .put("output_index", 0)
                        .set("item", item));
        ObjectNode details = reason == null
                ? null
                : EventShapes.obj().put("type", "cancelled").put("reason", reason);
        ArrayNode output = EventShapes.array().add(item);
        events.send(
                "response.done",
                EventShapes.obj()
                        .set(
                                "response",
                                EventShapes.response(
                                        response.id, status, details, output, conversation.usageOf(output))));
    }

    /** The done events of a text-only response: output_text.done with the text sent, then as for audio. */
    private void finishText(Active response, String status, String reason) {
        String text = response.transcriptSent();
        events.send(protocol.textDone(), response.contentRef().put("text", text));
        events.send("response.content_part.done", response.contentRef().set("part", shapes.textPart(text)));
        ObjectNode item = shapes.assistantTextItem(
                response.item.id, status.equals("completed") ? "completed" : "incomplete", text);
        events.send(
                "response.output_item.done",
                EventShapes.obj()
                        .put("response_id", response.id)
                        .put("output_index", 0)
                        .set("item", item));
        ObjectNode details = reason == null
                ? null
                : EventShapes.obj().put("type", "cancelled").put("reason", reason);
        ArrayNode output = EventShapes.array().add(item);
        events.send("response.done", responseBody(response.id, status, details, conversation.usageOf(output), output));
    }

    /** The response is a function call instead of speech: its item and arguments, all at once. */
    private void callTool(String responseId, ToolCue cue) {
        String itemId = Ids.newId("item");
        String callId = "call_" + Ids.next();
        conversation.addCallId(callId);
        conversation.addOutput(itemId, null, "function_call");
        ObjectNode started = shapes.item(itemId, "function_call", "in_progress")
                .put("name", cue.name())
                .put("call_id", callId)
                .put("arguments", "");
        events.send(
                "response.output_item.added",
                EventShapes.obj()
                        .put("response_id", responseId)
                        .put("output_index", 0)
                        .set("item", started));
        conversation.follow(itemId, started);
        ObjectNode arguments = EventShapes.obj()
                .put("response_id", responseId)
                .put("item_id", itemId)
                .put("output_index", 0)
                .put("call_id", callId);
        events.send(
                "response.function_call_arguments.delta", arguments.deepCopy().put("delta", cue.argumentsJson()));
        events.send(
                "response.function_call_arguments.done",
                arguments.put("name", cue.name()).put("arguments", cue.argumentsJson()));
        ObjectNode done = shapes.item(itemId, "function_call", "completed")
                .put("name", cue.name())
                .put("call_id", callId)
                .put("arguments", cue.argumentsJson());
        events.send(
                "response.output_item.done",
                EventShapes.obj()
                        .put("response_id", responseId)
                        .put("output_index", 0)
                        .set("item", done));
        ArrayNode output = EventShapes.array().add(done);
        events.send("response.done", responseBody(responseId, "completed", null, conversation.usageOf(output), output));
    }

    /** {@code {response: ...}} with no output items. */
    private static ObjectNode responseBody(String id, String status, ObjectNode details, ObjectNode usage) {
        return responseBody(id, status, details, usage, EventShapes.array());
    }

    private static ObjectNode responseBody(
            String id, String status, ObjectNode details, ObjectNode usage, ArrayNode output) {
        return EventShapes.obj().set("response", EventShapes.response(id, status, details, output, usage));
    }
}
