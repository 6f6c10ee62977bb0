package dev.voicebridge.simulator;

import dev.voicebridge.simulator.contract.RealtimeSchemas;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The GA client secrets endpoint, {@code POST /openai/v1/realtime/client_secrets}, as Azure answers
 * it: the request checked against the published schema (top-level {@code expires_after} and
 * {@code session}; {@code expires_after.anchor} only {@code created_at}, {@code seconds} 10-7200,
 * default 600; the session against the pinned {@code RealtimeSessionCreateRequestGA}), each refusal a
 * 400 naming the parameter; the answer {@code {value: "ek_...", expires_at, session}}. The secrets
 * it minted then open WebSocket sessions ({@code Authorization: Bearer ek_...}) until they expire,
 * by the simulator's {@link SimulatorOptions#clock()}; such a session starts with the secret's
 * instructions and voice. Thread-safe: minted on request threads, checked on handshake threads.
 */
final class ClientSecrets {

    static final String PATH = RealtimeSimulator.GA_PATH + "/client_secrets";
    static final int MIN_SECONDS = 10;
    static final int MAX_SECONDS = 7200;
    static final int DEFAULT_SECONDS = 600;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> FIELDS = Set.of("expires_after", "session");

    /** One minted secret and the session configuration it is bound to. */
    record Secret(Instant expiresAt, String instructions, String voice) {}

    /** What a handshake's Bearer value is: a live secret, an expired one, or not one of ours. */
    enum Check {
        VALID,
        EXPIRED,
        UNKNOWN
    }

    /** An HTTP answer: status and JSON body. */
    record Answer(int status, String body) {}

    private final SimulatorOptions options;
    private final Map<String, Secret> minted = new ConcurrentHashMap<>();

    ClientSecrets(SimulatorOptions options) {
        this.options = options;
    }

    /** Loads the pinned schemas (seconds on a busy machine) before the first request waits for them. */
    static void warmUp() {
        RealtimeSchemas.violationsOf(
                "RealtimeSessionCreateRequestGA", JSON.createObjectNode().put("type", "realtime"));
    }

    Answer mint(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            return invalid(null, "invalid_json", "We could not parse the JSON body of your request.");
        }
        if (root == null || !root.isObject()) {
            return invalid(null, "invalid_type", "The request body must be a JSON object.");
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                return invalid(name, "unknown_parameter", "Unknown parameter: '" + name + "'.");
            }
        }
        int seconds = DEFAULT_SECONDS;
        JsonNode expiresAfter = root.get("expires_after");
        if (expiresAfter != null) {
            if (!expiresAfter.isObject()) {
                return invalid("expires_after", "invalid_type", "expires_after must be an object.");
            }
            for (String name : expiresAfter.propertyNames()) {
                if (!name.equals("anchor") && !name.equals("seconds")) {
                    return invalid(
                            "expires_after." + name,
                            "unknown_parameter",
                            "Unknown parameter: 'expires_after." + name + "'.");
                }
            }
            JsonNode anchor = expiresAfter.get("anchor");
            if (anchor == null || !anchor.isString() || !anchor.asString().equals("created_at")) {
                return invalid(
                        "expires_after.anchor",
                        "invalid_value",
                        "expires_after.anchor must be 'created_at', the only anchor supported.");
            }
            JsonNode given = expiresAfter.get("seconds");
            if (given != null) {
                if (!given.isIntegralNumber()) {
                    return invalid(
                            "expires_after.seconds", "invalid_type", "expires_after.seconds must be an integer.");
                }
                if (given.asLong() < MIN_SECONDS || given.asLong() > MAX_SECONDS) {
                    return invalid(
                            "expires_after.seconds",
                            given.asLong() < MIN_SECONDS ? "integer_below_min_value" : "integer_above_max_value",
                            "expires_after.seconds must be between " + MIN_SECONDS + " and " + MAX_SECONDS
                                    + ", but was " + given.asLong() + ".");
                }
                seconds = given.asInt();
            }
        }
        JsonNode session = root.get("session");
        if (session == null || !session.isObject()) {
            return invalid(
                    "session",
                    "missing_required_parameter",
                    "session is required: an object with the" + " deployment as session.model.");
        }
        if (!"realtime".equals(session.path("type").asString(""))) {
            return invalid(
                    "session.type",
                    "invalid_value",
                    "session.type must be 'realtime' (transcription" + " sessions are not simulated).");
        }
        List<String> violations = RealtimeSchemas.violationsOf("RealtimeSessionCreateRequestGA", session);
        if (!violations.isEmpty()) {
            String first = violations.get(0);
            String pointer = first.substring(first.indexOf(' ') + 1, first.indexOf(':'));
            return invalid("session" + pointer.replace('/', '.').replaceAll("\\.$", ""), "invalid_value", first);
        }
        if (!options.deployment().equals(session.path("model").asString(""))) {
            return new Answer(
                    404,
                    "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this"
                            + " resource does not exist.\"}}");
        }
        String instructions = session.path("instructions").asString(null);
        String voice = session.path("audio").path("output").path("voice").asString(null);
        Instant expiresAt = options.clock().instant().plusSeconds(seconds);
        String value = "ek_" + HexFormat.of().formatHex(randomBytes());
        minted.put(value, new Secret(expiresAt, instructions, voice));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("value", value);
        answer.put("expires_at", expiresAt.getEpochSecond());
        answer.set("session", renderSession(session, instructions, voice));
        return new Answer(200, answer.toString());
    }

    /** Whether {@code bearer} (the Authorization header's token) is a live secret of this simulator. */
    Check check(String bearer) {
        Secret secret = minted.get(bearer);
        if (secret == null) {
            return Check.UNKNOWN;
        }
        return options.clock().instant().isBefore(secret.expiresAt()) ? Check.VALID : Check.EXPIRED;
    }

    /** The secret's session configuration, for the session it opens; null for an unknown value. */
    Secret secret(String bearer) {
        return minted.get(bearer);
    }

    private ObjectNode renderSession(JsonNode requested, String instructions, String voice) {
        ObjectNode session = JSON.createObjectNode();
        session.put("type", "realtime");
        session.put("object", "realtime.session");
        session.put("id", "sess_" + Ids.next());
        session.put("model", options.deployment());
        session.set(
                "output_modalities",
                requested.has("output_modalities")
                        ? requested.get("output_modalities")
                        : JSON.createArrayNode().add("audio"));
        if (instructions != null) {
            session.put("instructions", instructions);
        }
        ObjectNode audio = session.putObject("audio");
        audio.putObject("input").putObject("format").put("type", "audio/pcm").put("rate", 24000);
        ObjectNode output = audio.putObject("output");
        output.putObject("format").put("type", "audio/pcm").put("rate", 24000);
        output.put("voice", voice != null ? voice : "marin");
        session.put("tool_choice", "auto");
        session.set("tools", JSON.createArrayNode());
        session.put("max_output_tokens", "inf");
        return session;
    }

    private static Answer invalid(String param, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error");
        e.put("message", message);
        e.put("type", "invalid_request_error");
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        e.put("code", code);
        return new Answer(400, error.toString());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
