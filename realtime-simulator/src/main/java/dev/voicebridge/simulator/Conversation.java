package dev.voicebridge.simulator;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's conversation: its items in order (as far as truncate, delete and function_call_output
 * validation need them), the tool call ids it knows, the caller's last committed utterance (what an
 * echo plays back) and its made-up input transcript, and the usage a response reports.
 *
 * <p>Owned by {@link SimulatedSession} and only called under its lock: on the socket's event loop
 * (client events, VAD commits) and from the pacing timer when a streamed delta adds to an item's audio.
 */
final class Conversation {

    /** A conversation item. {@code audioBytes}: assistant audio sent so far, cut back by a truncate. */
    static final class Item {
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

    private final SimulatedSession session;
    private final ServerEvents events;
    private final EventShapes shapes;
    private final Protocol protocol;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Set<String> callIds = new HashSet<>();
    private String lastItemId;
    private byte[] lastUtterance = new byte[0];
    private WireFormat lastUtteranceFormat = WireFormat.PCM16;
    private int utterances;

    Conversation(SimulatedSession session, ServerEvents events, EventShapes shapes, Protocol protocol) {
        this.session = session;
        this.events = events;
        this.shapes = shapes;
        this.protocol = protocol;
    }

    /** The item new items follow (previous_item_id), or null in an empty conversation. */
    String lastItemId() {
        return lastItemId;
    }

    byte[] lastUtterance() {
        return lastUtterance;
    }

    WireFormat lastUtteranceFormat() {
        return lastUtteranceFormat;
    }

    long lastUtteranceMillis() {
        return lastUtteranceFormat.millisOf(lastUtterance.length);
    }

    /**
     * A committed utterance becomes a user item (announced after the buffer's committed event) and, with
     * transcription on, gets its transcript a little later, as Azure's arrives after the item.
     */
    void addUtterance(String itemId, byte[] utterance) {
        String previous = lastItemId;
        items.put(itemId, new Item(itemId, "user", "message"));
        lastItemId = itemId;
        ObjectNode item = shapes.item(itemId, "message", "completed").put("role", "user");
        item.putArray("content").addObject().put("type", "input_audio");
        announce(previous, item);
        SessionConfig config = session.config();
        lastUtterance = utterance;
        lastUtteranceFormat = config.inputFormat();
        int n = ++utterances;
        if (config.transcriptionModel() != null) {
            double seconds = config.inputFormat().millisOf(utterance.length) / 1000.0;
            String transcript = String.format("Caller utterance %d, %.1f seconds of speech.", n, seconds);
            session.schedule(
                    () -> {
                        ObjectNode done = EventShapes.obj()
                                .put("item_id", itemId)
                                .put("content_index", 0)
                                .put("transcript", transcript);
                        if (protocol == Protocol.GA) {
                            done.putObject("usage").put("type", "duration").put("seconds", seconds);
                        }
                        events.send("conversation.item.input_audio_transcription.completed", done);
                    },
                    40);
        }
    }

    /** A model output item (an assistant message, a function call); announced with {@link #follow}. */
    Item addOutput(String id, String role, String type) {
        Item item = new Item(id, role, type);
        items.put(id, item);
        return item;
    }

    /** Announces an output item after the last one and makes it the last. */
    void follow(String id, ObjectNode item) {
        announce(lastItemId, item);
        lastItemId = id;
    }

    void addCallId(String callId) {
        callIds.add(callId);
    }

    /** conversation.item.create: validated as Azure does (assistant audio, unknown call ids, types). */
    void create(JsonNode event) {
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
        String id = item.path("id").asString(Ids.newId("item"));
        ObjectNode created = ((ObjectNode) item.deepCopy()).put("id", id).put("status", "completed");
        if (protocol == Protocol.GA) {
            created.put("object", "realtime.item");
        }
        items.put(id, new Item(id, role, type));
        String previous = event.path("previous_item_id").asString(lastItemId);
        lastItemId = id;
        announce(previous, created);
    }

    /**
     * conversation.item.truncate, validated as Azure does: only assistant audio, and never past the
     * audio sent. Every attempt, accepted or refused, goes into the session record.
     */
    void truncate(JsonNode event) {
        String itemId = event.path("item_id").asString("");
        int contentIndex = event.path("content_index").asInt(0);
        long audioEndMs = event.path("audio_end_ms").asLong(-1);
        Item item = items.get(itemId);
        WireFormat out = session.config().outputFormat();
        SessionRecord record = session.record();
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
            long audioMs = out.millisOf(item.audioBytes);
            if (audioEndMs > audioMs) {
                throw RealtimeError.invalidValue(
                        "audio_end_ms",
                        "Audio content of " + audioMs + "ms is already shorter than " + audioEndMs + "ms");
            }
        } catch (RealtimeError e) {
            record.recordTruncate(new SessionRecord.Truncate(itemId, contentIndex, audioEndMs, false, e.code));
            throw e;
        }
        item.audioBytes = audioEndMs * out.bytesPerMilli();
        record.recordTruncate(new SessionRecord.Truncate(itemId, contentIndex, audioEndMs, true, null));
        events.send(
                "conversation.item.truncated",
                EventShapes.obj()
                        .put("item_id", itemId)
                        .put("content_index", contentIndex)
                        .put("audio_end_ms", audioEndMs));
    }

    void delete(JsonNode event) {
        String itemId = event.path("item_id").asString("");
        if (items.remove(itemId) == null) {
            throw RealtimeError.invalidValue("item_id", "Conversation item with id '" + itemId + "' not found.");
        }
        events.send("conversation.item.deleted", EventShapes.obj().put("item_id", itemId));
    }

    /** Usage for a finished response: input audio of the last utterance, output audio of its items. */
    ObjectNode usageOf(ArrayNode output) {
        int inputAudio = (int) (lastUtteranceMillis() / 100);
        int outputAudio = 0;
        for (JsonNode item : output) {
            Item known = items.get(item.path("id").asString(""));
            if (known != null) {
                outputAudio += (int) (session.config().outputFormat().millisOf(known.audioBytes) / 50);
            }
        }
        return EventShapes.usage(inputAudio, outputAudio);
    }

    /** conversation.item.created, plus GA's conversation.item.added / .done. */
    private void announce(String previousItemId, ObjectNode item) {
        events.send(
                "conversation.item.created",
                EventShapes.obj().put("previous_item_id", previousItemId).set("item", item));
        if (protocol == Protocol.GA) {
            events.send(
                    "conversation.item.added",
                    EventShapes.obj().put("previous_item_id", previousItemId).set("item", item));
            events.send(
                    "conversation.item.done",
                    EventShapes.obj().put("previous_item_id", previousItemId).set("item", item));
        }
    }
}
