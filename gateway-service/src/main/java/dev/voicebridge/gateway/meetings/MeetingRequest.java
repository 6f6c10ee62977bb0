package dev.voicebridge.gateway.meetings;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /api/meetings}, read by hand so that every refusal names the field at
 * fault. Empty (or no body): a meeting only. With {@code dial} and {@code from}: the SIP media
 * application also dials {@code dial} into the meeting, showing {@code from} as the caller id.
 * Immutable.
 */
public record MeetingRequest(String dial, String from) {

    /** What Chime SDK Voice accepts as FromPhoneNumber and ToPhoneNumber, with the '+' required. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private static final List<String> FIELDS = List.of("dial", "from");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public static MeetingRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new MeetingRequest(null, null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw bad("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("the body must be a JSON object (or empty for a meeting without a phone leg)");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw bad("unknown field '" + field.getKey() + "'; the fields are " + FIELDS);
            }
        }
        String dial = number(root, "dial");
        String from = number(root, "from");
        if (dial != null && from == null) {
            throw bad("from is required with dial: the E.164 caller id, a number of this account's inventory");
        }
        if (dial == null && from != null) {
            throw bad("from is only used with dial: give the number to dial into the meeting, or leave both out");
        }
        return new MeetingRequest(dial, from);
    }

    public boolean dials() {
        return dial != null;
    }

    private static String number(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw bad(field + " must be a string: an E.164 number such as +14155550123");
        }
        String value = node.asString().strip();
        if (!E164.matcher(value).matches()) {
            throw bad(field + " must be an E.164 number ('+', then 2-15 digits, no spaces), but was '"
                    + printable(value) + "'");
        }
        return value;
    }

    /** Echoes a short, single-line form of a refused value; never the whole of what a client sent. */
    private static String printable(String value) {
        String v = value.length() > 20 ? value.substring(0, 20) + "..." : value;
        return v.replaceAll("\\p{Cntrl}", "?");
    }

    private static MeetingRefused bad(String detail) {
        return new MeetingRefused(400, detail);
    }
}
