package dev.voicebridge.gateway.realtime.protocol;

import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns one WebSocket text message into a {@link ServerEvent} for one protocol. Only malformed JSON,
 * a message without a type or an audio delta whose audio is not base64 is an error; unknown types and
 * fields are ignored. Audio deltas, most of the traffic, are streamed ({@link AudioDeltaFastReader});
 * everything else is read as a tree.
 */
public final class ServerEventParser {

    /** Server event types from the research that the gateway parses but does not act on. */
    static final Set<String> KNOWN_PASSIVE = Set.of(
            "input_audio_buffer.committed",
            "input_audio_buffer.cleared",
            "input_audio_buffer.timeout_triggered",
            "input_audio_buffer.dtmf_event_received",
            "conversation.created",
            "conversation.item.created",
            "conversation.item.added",
            "conversation.item.done",
            "conversation.item.deleted",
            "conversation.item.retrieved",
            "conversation.item.input_audio_transcription.delta",
            "conversation.item.input_audio_transcription.segment",
            "response.content_part.added",
            "response.content_part.done",
            "response.output_audio_transcript.delta",
            "response.output_text.delta",
            "response.function_call_arguments.delta",
            "output_audio_buffer.started",
            "output_audio_buffer.stopped",
            "output_audio_buffer.cleared",
            "transcription_session.updated",
            "response.mcp_call_arguments.delta",
            "response.mcp_call_arguments.done",
            "response.mcp_call.in_progress",
            "response.mcp_call.completed",
            "response.mcp_call.failed",
            "mcp_list_tools.in_progress",
            "mcp_list_tools.completed",
            "mcp_list_tools.failed");

    private final RealtimeProtocol protocol;
    private final AudioDeltaFastReader audioDeltas;

    public ServerEventParser(RealtimeProtocol protocol) {
        this.protocol = protocol;
        this.audioDeltas = new AudioDeltaFastReader(protocol);
    }

    /**
     * @throws IllegalArgumentException naming what was wrong when the message is not a JSON object
     *                                  with a string {@code type}
     */
    public ServerEvent parse(String message) {
        ServerEvent.AudioDelta delta = audioDeltas.read(message);
        return delta != null ? delta : parseTree(message);
    }

    /** Every event but a well-formed audio delta, and every malformed message: the errors are named here. */
    private ServerEvent parseTree(String message) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(message);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("server event is not valid JSON: " + e.getOriginalMessage());
        }
        String wireType = node == null || !node.isObject() ? null : Json.text(node, "type");
        if (wireType == null) {
            throw new IllegalArgumentException("server event has no string 'type'");
        }
        String type = protocol.canonicalType(wireType);
        return switch (type) {
            case "session.created" -> {
                JsonNode s = node.path("session");
                long expires = Json.number(s, "expires_at", 0);
                yield new ServerEvent.SessionCreated(
                        Json.text(s, "id"), expires > 0 ? Instant.ofEpochSecond(expires) : null);
            }
            case "session.updated" -> new ServerEvent.SessionUpdated(protocol.readSession(node.path("session")));
            case "input_audio_buffer.speech_started" ->
                new ServerEvent.SpeechStarted(Json.text(node, "item_id"), Json.number(node, "audio_start_ms", 0));
            case "input_audio_buffer.speech_stopped" ->
                new ServerEvent.SpeechStopped(Json.text(node, "item_id"), Json.number(node, "audio_end_ms", 0));
            case "response.created" -> new ServerEvent.ResponseCreated(Json.text(node.path("response"), "id"));
            case "response.output_audio.delta" ->
                new ServerEvent.AudioDelta(
                        Json.text(node, "response_id"),
                        Json.text(node, "item_id"),
                        base64(wireType, Json.text(node, "delta")));
            case "response.output_audio.done" ->
                new ServerEvent.AudioDone(Json.text(node, "response_id"), Json.text(node, "item_id"));
            case "response.output_audio_transcript.done" ->
                new ServerEvent.AssistantTranscriptDone(
                        Json.text(node, "response_id"), Json.text(node, "item_id"), Json.text(node, "transcript"));
            case "response.output_text.done" ->
                new ServerEvent.TextDone(
                        Json.text(node, "response_id"), Json.text(node, "item_id"), Json.text(node, "text"));
            case "conversation.item.input_audio_transcription.completed" ->
                new ServerEvent.CallerTranscriptCompleted(Json.text(node, "item_id"), Json.text(node, "transcript"));
            case "conversation.item.input_audio_transcription.failed" ->
                new ServerEvent.CallerTranscriptFailed(
                        Json.text(node, "item_id"), Json.text(node.path("error"), "message"));
            case "response.output_item.added" -> {
                JsonNode item = node.path("item");
                yield new ServerEvent.OutputItemAdded(
                        Json.text(node, "response_id"),
                        Json.text(item, "id"),
                        Json.text(item, "type"),
                        Json.text(item, "call_id"),
                        Json.text(item, "name"));
            }
            case "response.output_item.done" -> {
                JsonNode item = node.path("item");
                yield new ServerEvent.OutputItemDone(
                        Json.text(node, "response_id"),
                        Json.text(item, "id"),
                        Json.text(item, "type"),
                        Json.text(item, "call_id"),
                        Json.text(item, "name"),
                        Json.text(item, "arguments"));
            }
            case "response.function_call_arguments.done" ->
                new ServerEvent.FunctionCallArgumentsDone(
                        Json.text(node, "response_id"),
                        Json.text(node, "item_id"),
                        Json.text(node, "call_id"),
                        Json.text(node, "name"),
                        Json.text(node, "arguments"));
            case "response.done" -> {
                JsonNode r = node.path("response");
                yield new ServerEvent.ResponseDone(
                        Json.text(r, "id"), Json.text(r, "status"), Usage.from(r.get("usage")));
            }
            case "conversation.item.truncated" ->
                new ServerEvent.ItemTruncated(Json.text(node, "item_id"), Json.number(node, "audio_end_ms", 0));
            case "error" -> {
                JsonNode e = node.path("error");
                yield new ServerEvent.Error(
                        Json.text(e, "type"), Json.text(e, "code"), Json.text(e, "message"), Json.text(e, "event_id"));
            }
            case "rate_limits.updated" -> new ServerEvent.RateLimitsUpdated(node.path("rate_limits"));
            default -> new ServerEvent.Ignored(type, KNOWN_PASSIVE.contains(type));
        };
    }

    private static byte[] base64(String wireType, String delta) {
        try {
            return delta == null ? null : Base64.getDecoder().decode(delta);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server event " + wireType + " has a 'delta' that is not base64");
        }
    }
}
