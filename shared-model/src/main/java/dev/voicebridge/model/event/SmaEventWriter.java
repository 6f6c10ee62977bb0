package dev.voicebridge.model.event;

import dev.voicebridge.model.internal.SmaMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an event in the canonical shape of DG/pstn-invocations.html: SipMediaApplicationId,
 * StartTimeInMilliseconds as a string, InvocationEventType, ActionData fields as received, and
 * unknown fields back at their paths. Used by tests and tools that need to produce events.
 */
public final class SmaEventWriter {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)(?:\\[(\\d+)])?");

    private SmaEventWriter() {}

    public static ObjectNode toTree(SmaEvent event) {
        ObjectNode root = SmaMapper.get().createObjectNode();
        putIfPresent(root, "SchemaVersion", event.schemaVersion());
        root.put("Sequence", event.sequence());
        // A known type is written by its documented name (NEW_INCOMING_CALL becomes NEW_INBOUND_CALL).
        root.put(
                "InvocationEventType",
                event.invocationEventType() == InvocationEventType.UNKNOWN
                        ? event.rawEventType()
                        : event.invocationEventType().name());
        if (event.actionData() != null) {
            root.set("ActionData", actionData(event.actionData()));
        }
        root.set("CallDetails", callDetails(event.callDetails()));
        putIfPresent(root, "ErrorType", event.errorType());
        putIfPresent(root, "ErrorMessage", event.errorMessage());
        event.unknownFields().forEach((path, value) -> putAtPath(root, path, value));
        return root;
    }

    private static ObjectNode actionData(ActionData data) {
        ObjectNode node = SmaMapper.get().createObjectNode();
        putIfPresent(node, "Type", data.type());
        if (!data.parameters().isEmpty() || data.action() != null) {
            node.set("Parameters", SmaMapper.get().valueToTree(data.parameters()));
        }
        putIfPresent(node, "ReceivedDigits", data.receivedDigits());
        data.otherFields().forEach((k, v) -> node.set(k, SmaMapper.get().valueToTree(v)));
        return node;
    }

    private static ObjectNode callDetails(CallDetails details) {
        ObjectNode node = SmaMapper.get().createObjectNode();
        node.put("TransactionId", details.transactionId());
        if (details.transactionAttributes() != null) {
            node.set("TransactionAttributes", SmaMapper.get().valueToTree(details.transactionAttributes()));
        }
        putIfPresent(node, "AwsAccountId", details.awsAccountId());
        putIfPresent(node, "AwsRegion", details.awsRegion());
        putIfPresent(node, "SipRuleId", details.sipRuleId());
        putIfPresent(node, "SipMediaApplicationId", details.sipMediaApplicationId());
        ArrayNode participants = node.putArray("Participants");
        for (Participant p : details.participants()) {
            participants.add(participant(p));
        }
        return node;
    }

    private static ObjectNode participant(Participant p) {
        ObjectNode node = SmaMapper.get().createObjectNode();
        putIfPresent(node, "CallId", p.callId());
        putIfPresent(
                node,
                "ParticipantTag",
                p.participantTag() == null ? null : p.participantTag().wire());
        putIfPresent(node, "To", p.to());
        putIfPresent(node, "From", p.from());
        putIfPresent(
                node, "Direction", p.direction() == null ? null : p.direction().wire());
        // AWS's examples send epoch millis as a string.
        putIfPresent(
                node,
                "StartTimeInMilliseconds",
                p.startTimeInMilliseconds() == null
                        ? null
                        : p.startTimeInMilliseconds().toString());
        putIfPresent(node, "Status", p.status() == null ? null : p.status().wire());
        if (p.sipHeaders() != null) {
            node.set("SipHeaders", SmaMapper.get().valueToTree(p.sipHeaders()));
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** Puts an unknown value back where it was read: "Foo", "CallDetails.Foo", "CallDetails.Participants[1].Foo". */
    private static void putAtPath(ObjectNode root, String path, Object value) {
        JsonNode tree = SmaMapper.get().valueToTree(value);
        if (!path.startsWith("CallDetails.") && !path.startsWith("ActionData.")) {
            root.set(path, tree);
            return;
        }
        String[] segments = path.split("\\.");
        JsonNode current = root;
        for (int i = 0; i < segments.length; i++) {
            Matcher m = SEGMENT.matcher(segments[i]);
            if (!m.matches() || !(current instanceof ObjectNode object)) {
                root.set(path, tree);
                return;
            }
            String name = m.group(1);
            boolean last = i == segments.length - 1;
            if (m.group(2) == null) {
                if (last) {
                    object.set(name, tree);
                    return;
                }
                JsonNode next = object.get(name);
                current = next instanceof ObjectNode ? next : object.putObject(name);
            } else {
                int index = Integer.parseInt(m.group(2));
                JsonNode arrayNode = object.get(name);
                ArrayNode array = arrayNode instanceof ArrayNode a ? a : object.putArray(name);
                if (last) {
                    if (index < array.size()) {
                        array.insert(index, tree);
                    } else {
                        array.add(tree);
                    }
                    return;
                }
                current = index < array.size() ? array.get(index) : array.addObject();
            }
        }
    }
}
