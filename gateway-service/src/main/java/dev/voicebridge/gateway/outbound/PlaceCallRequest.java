package dev.voicebridge.gateway.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code POST /api/calls}, read by hand so that every refusal names the field at fault
 * (a bound record would answer "Failed to read HTTP message"). Immutable.
 *
 * @param metadata the application's own JSON object, kept as compact JSON text
 */
public record PlaceCallRequest(
        String to, String from, String profile, String instructions, String voice, String greeting, String metadata) {

    /** What Chime SDK Voice accepts as FromPhoneNumber and ToPhoneNumber, with the '+' required. */
    static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    static final int MAX_INSTRUCTIONS = 16_000;
    static final int MAX_GREETING = 1_000;
    static final int MAX_METADATA = 4_096;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    public static PlaceCallRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw bad("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("the body must be a JSON object with at least \"to\" and \"from\"");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw bad("unknown field '" + field.getKey() + "'; the fields are " + FIELDS);
            }
        }
        String to = number(root, "to");
        String from = number(root, "from");
        String profile = text(root, "profile", NAME.pattern().length());
        if (profile != null && !NAME.matcher(profile).matches()) {
            throw bad("profile must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        String voice = text(root, "voice", 64);
        if (voice != null && !NAME.matcher(voice).matches()) {
            throw bad("voice must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        String instructions = text(root, "instructions", MAX_INSTRUCTIONS);
        String greeting = text(root, "greeting", MAX_GREETING);
        JsonNode meta = root.get("metadata");
        String metadata = null;
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw bad("metadata must be a JSON object");
            }
            metadata = meta.toString();
            if (metadata.length() > MAX_METADATA) {
                throw bad("metadata must be at most " + MAX_METADATA + " characters of JSON");
            }
        }
        return new PlaceCallRequest(to, from, profile, instructions, voice, greeting, metadata);
    }

    /**
     * What identifies this request under an Idempotency-Key on every instance: SHA-256 over each field,
     * length-prefixed so no two different requests share one (hex). Metadata counts as the compact
     * JSON it was sent as.
     */
    public String fingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (String field : new String[] {to, from, profile, instructions, voice, greeting, metadata}) {
            byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4)
                    .putInt(field == null ? -1 : bytes.length)
                    .array());
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static final java.util.List<String> FIELDS =
            java.util.List.of("to", "from", "profile", "instructions", "voice", "greeting", "metadata");

    private static String number(JsonNode root, String field) {
        String value = text(root, field, 16);
        if (value == null) {
            throw bad(field + " is required: an E.164 number such as +14155550123");
        }
        if (!E164.matcher(value).matches()) {
            throw bad(field + " must be an E.164 number ('+', then 2-15 digits, no spaces), but was '"
                    + printable(value) + "'");
        }
        return value;
    }

    private static String text(JsonNode root, String field, int max) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw bad(field + " must be a string");
        }
        String value = node.asString().strip();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > max && !field.equals("to") && !field.equals("from")) {
            throw bad(field + " must be at most " + max + " characters");
        }
        return value;
    }

    /** Echoes a short, single-line form of a refused value; never the whole of what a client sent. */
    private static String printable(String value) {
        String v = value.length() > 20 ? value.substring(0, 20) + "..." : value;
        return v.replaceAll("\\p{Cntrl}", "?");
    }

    private static PlaceCallRefused bad(String detail) {
        return new PlaceCallRefused(400, detail);
    }
}
