package dev.voicebridge.model.event;

import static dev.voicebridge.model.internal.JsonValues.absent;
import static dev.voicebridge.model.internal.JsonValues.kind;
import static dev.voicebridge.model.internal.JsonValues.plain;
import static dev.voicebridge.model.internal.JsonValues.text;
import static dev.voicebridge.model.internal.JsonValues.whole;

import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.SmaActionTypes;
import dev.voicebridge.model.error.SmaParseException;
import dev.voicebridge.model.internal.SmaMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads an SMA event tree. Only three things are fatal, because without them no handler can act:
 * the event is not an object, it has no event type, or it has no CallDetails.TransactionId.
 * Everything else is lenient: alias names, numbers as strings, and any field it does not know
 * (or cannot read) is kept in {@link SmaEvent#unknownFields()} under its path.
 */
public final class SmaEventReader {

    private SmaEventReader() {}

    public static SmaEvent read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new SmaParseException("an SMA event must be a JSON object, but was " + kind(root));
        }
        Map<String, Object> unknown = new LinkedHashMap<>();
        boolean hasTypeField = root.has("InvocationEventType");
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            switch (e.getKey()) {
                case "SchemaVersion",
                        "Sequence",
                        "InvocationEventType",
                        "ActionData",
                        "CallDetails",
                        "ErrorType",
                        "ErrorMessage" -> {}
                // DG/join-chime-meeting.html prints "InvocationEvent"; only an alias when the real key is absent.
                case "InvocationEvent" -> {
                    if (hasTypeField) {
                        unknown.put(e.getKey(), plain(e.getValue()));
                    }
                }
                default -> unknown.put(e.getKey(), plain(e.getValue()));
            }
        }
        String rawType = text(
                root.get(hasTypeField ? "InvocationEventType" : "InvocationEvent"), "InvocationEventType", unknown);
        if (rawType == null || rawType.isBlank()) {
            throw new SmaParseException("the SMA event has no InvocationEventType");
        }
        String schemaVersion = text(root.get("SchemaVersion"), "SchemaVersion", unknown);
        Long sequence = whole(root.get("Sequence"), "Sequence", unknown);
        if (sequence != null && (sequence < 0 || sequence > Integer.MAX_VALUE)) {
            unknown.put("Sequence", sequence);
            sequence = null;
        }
        String errorType = text(root.get("ErrorType"), "ErrorType", unknown);
        String errorMessage = text(root.get("ErrorMessage"), "ErrorMessage", unknown);
        CallDetails callDetails = callDetails(root.get("CallDetails"), unknown);
        SmaFailure eventFailure = errorType != null || errorMessage != null
                ? new SmaFailure(errorType == null ? "Error" : errorType, errorMessage)
                : null;
        ActionData actionData = actionData(root.get("ActionData"), eventFailure, unknown);
        return new SmaEvent(
                schemaVersion,
                sequence == null ? 0 : sequence.intValue(),
                InvocationEventType.fromWire(rawType),
                rawType,
                actionData,
                callDetails,
                errorType,
                errorMessage,
                unknown);
    }

    private static CallDetails callDetails(JsonNode node, Map<String, Object> unknown) {
        if (absent(node)) {
            throw new SmaParseException("the SMA event has no CallDetails");
        }
        if (!node.isObject()) {
            throw new SmaParseException("CallDetails must be a JSON object, but was " + kind(node));
        }
        String p = "CallDetails.";
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            switch (e.getKey()) {
                case "TransactionId",
                        "TransactionAttributes",
                        "AwsAccountId",
                        "AwsRegion",
                        "SipRuleId",
                        "SipMediaApplicationId",
                        "SipApplicationId",
                        "Participants" -> {}
                default -> unknown.put(p + e.getKey(), plain(e.getValue()));
            }
        }
        String transactionId = text(node.get("TransactionId"), p + "TransactionId", unknown);
        if (transactionId == null || transactionId.isBlank()) {
            throw new SmaParseException("the SMA event has no CallDetails.TransactionId");
        }
        // Some AWS pages print SipApplicationId; when both appear, the documented name wins and the other is kept.
        String smaId = text(node.get("SipMediaApplicationId"), p + "SipMediaApplicationId", unknown);
        if (smaId == null) {
            smaId = text(node.get("SipApplicationId"), p + "SipApplicationId", unknown);
        } else if (node.has("SipApplicationId")) {
            unknown.put(p + "SipApplicationId", plain(node.get("SipApplicationId")));
        }
        return new CallDetails(
                transactionId,
                stringMap(node.get("TransactionAttributes"), p + "TransactionAttributes", unknown),
                text(node.get("AwsAccountId"), p + "AwsAccountId", unknown),
                text(node.get("AwsRegion"), p + "AwsRegion", unknown),
                text(node.get("SipRuleId"), p + "SipRuleId", unknown),
                smaId,
                participants(node.get("Participants"), p + "Participants", unknown));
    }

    private static List<Participant> participants(JsonNode node, String path, Map<String, Object> unknown) {
        List<Participant> result = new ArrayList<>();
        if (absent(node)) {
            return result;
        }
        if (!node.isArray()) {
            unknown.put(path, plain(node));
            return result;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String p = path + "[" + i + "].";
            if (item == null || !item.isObject()) {
                unknown.put(path + "[" + i + "]", plain(item));
                continue;
            }
            for (Map.Entry<String, JsonNode> e : item.properties()) {
                switch (e.getKey()) {
                    case "CallId",
                            "ParticipantTag",
                            "To",
                            "From",
                            "Direction",
                            "StartTimeInMilliseconds",
                            "Status",
                            "SipHeaders" -> {}
                    default -> unknown.put(p + e.getKey(), plain(e.getValue()));
                }
            }
            String tag = text(item.get("ParticipantTag"), p + "ParticipantTag", unknown);
            String direction = text(item.get("Direction"), p + "Direction", unknown);
            String status = text(item.get("Status"), p + "Status", unknown);
            result.add(new Participant(
                    text(item.get("CallId"), p + "CallId", unknown),
                    known(ParticipantTag.fromWire(tag), tag, p + "ParticipantTag", unknown),
                    text(item.get("To"), p + "To", unknown),
                    text(item.get("From"), p + "From", unknown),
                    known(Direction.fromWire(direction), direction, p + "Direction", unknown),
                    whole(item.get("StartTimeInMilliseconds"), p + "StartTimeInMilliseconds", unknown),
                    known(ParticipantStatus.fromWire(status), status, p + "Status", unknown),
                    stringMap(item.get("SipHeaders"), p + "SipHeaders", unknown)));
        }
        return result;
    }

    private static ActionData actionData(JsonNode node, SmaFailure eventFailure, Map<String, Object> unknown) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            unknown.put("ActionData", plain(node));
            return null;
        }
        Map<String, Object> other = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            switch (e.getKey()) {
                case "Type", "Parameters", "ReceivedDigits" -> {}
                default -> other.put(e.getKey(), plain(e.getValue()));
            }
        }
        String type = text(node.get("Type"), "Type", other);
        JsonNode params = node.get("Parameters");
        Map<String, Object> parameters = null;
        if (params != null && params.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) plain(params);
            parameters = map;
        } else if (params != null) {
            other.put("Parameters", plain(params));
        }
        String receivedDigits = text(node.get("ReceivedDigits"), "ReceivedDigits", other);
        SmaAction action = params != null && params.isObject() ? typedAction(type, params) : null;
        return new ActionData(type, parameters, action, receivedDigits, other, eventFailure);
    }

    /** The echoed parameters as a typed action, or null when AWS's echo is not one we can validate. */
    private static SmaAction typedAction(String type, JsonNode params) {
        Optional<Class<? extends SmaAction>> record = type == null ? Optional.empty() : SmaActionTypes.recordFor(type);
        if (record.isEmpty()) {
            return null;
        }
        try {
            return SmaMapper.get().treeToValue(params, record.get());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, String> stringMap(JsonNode node, String path, Map<String, Object> unknown) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            unknown.put(path, plain(node));
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String value = text(e.getValue(), path + "." + e.getKey(), unknown);
            if (value != null) {
                result.put(e.getKey(), value);
            }
        }
        return result;
    }

    private static <E> E known(E parsed, String raw, String path, Map<String, Object> unknown) {
        if (parsed == null && raw != null) {
            unknown.put(path, raw);
        }
        return parsed;
    }
}
