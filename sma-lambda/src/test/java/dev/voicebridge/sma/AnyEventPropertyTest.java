package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.SmaResponse;
import dev.voicebridge.sma.testing.Json;
import dev.voicebridge.sma.testing.SmaLambda;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever the SMA (or anything else) sends, the answer is one the SMA accepts: documented events with fields
 * dropped, values of the wrong type, unexpected event types, states and attributes, all through the real
 * FunctionInvoker.
 */
class AnyEventPropertyTest {

    private static final List<String> FIXTURES = List.of(
            "new-inbound-call",
            "action-successful-call-and-bridge",
            "action-failed-call-and-bridge",
            "hangup-leg-a",
            "hangup-leg-b",
            "hangup-leg-b-both-gone",
            "action-successful-hangup-leg-b",
            "call-update-requested",
            "action-successful-speak",
            "action-successful-transfer-bridge",
            "invalid-lambda-response",
            "digits-received",
            "action-interrupted",
            "unknown-event",
            "new-outbound-call",
            "ringing",
            "call-answered",
            "action-successful-join-chime-meeting",
            "action-failed-join-chime-meeting");
    private static final List<String> EVENT_TYPES = List.of(
            "NEW_INBOUND_CALL",
            "NEW_OUTBOUND_CALL",
            "RINGING",
            "CALL_ANSWERED",
            "ACTION_SUCCESSFUL",
            "ACTION_FAILED",
            "ACTION_INTERRUPTED",
            "HANGUP",
            "CALL_UPDATE_REQUESTED",
            "DIGITS_RECEIVED",
            "INVALID_LAMBDA_RESPONSE",
            "SOMETHING_NEW",
            "");
    private static final List<String> PHASES = List.of(
            "DIALING",
            "BRIDGING",
            "BRIDGED",
            "TRANSFERRING",
            "TRANSFER_BRIDGING",
            "TRANSFERRED",
            "JOINING_MEETING",
            "IN_MEETING",
            "ENDING",
            "garbage");
    private static SmaLambda lambda;

    @BeforeContainer
    static void startLambda() {
        // Gateway mode: meeting mode would need a meetings API for some of these events.
        lambda = SmaLambda.start(SmaLambda.gatewayEnv());
    }

    @Provide
    Arbitrary<String> fixtures() {
        return Arbitraries.of(FIXTURES);
    }

    @Property(tries = 300)
    void shouldAnswerEveryEventWithAResponseTheSmaAccepts(@ForAll("fixtures") String fixture, @ForAll long seed) {
        // Given a documented event, bent out of shape
        ObjectNode event = Json.fixture(fixture);
        Random random = new Random(seed);
        ((ObjectNode) event.get("CallDetails")).put("TransactionId", "fuzz-" + Long.toHexString(seed));
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            mutate(event, random);
        }

        // When it is sent to the Lambda
        byte[] output = lambda.invokeRaw(Json.bytes(event));

        // Then the answer is a valid SMA response (at most 10 actions, attributes within limits, valid actions)
        SmaResponse response = SmaJson.parseResponse(new String(output, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(response.schemaVersion()).isEqualTo("1.0");
        assertThat(response.actions()).hasSizeLessThanOrEqualTo(SmaResponse.MAX_ACTIONS);
    }

    private static void mutate(ObjectNode event, Random random) {
        switch (random.nextInt(6)) {
            case 0 -> event.put("InvocationEventType", EVENT_TYPES.get(random.nextInt(EVENT_TYPES.size())));
            case 1 -> {
                if (event.get("CallDetails") instanceof ObjectNode details) {
                    details.set("TransactionAttributes", attributes(random));
                }
            }
            case 2 -> {
                JsonNode participants = event.at("/CallDetails/Participants");
                // An earlier mutation may have turned Participants into ["x"]: only objects get a Status.
                if (participants instanceof ArrayNode array
                        && !array.isEmpty()
                        && array.get(random.nextInt(array.size())) instanceof ObjectNode participant) {
                    participant.put("Status", random.nextBoolean() ? "Disconnected" : "Connected");
                }
            }
            case 3 -> removeRandomField(event, random);
            case 4 -> replaceRandomValue(event, random);
            default -> event.put("Sequence", random.nextInt(5) - 1);
        }
    }

    private static ObjectNode attributes(Random random) {
        ObjectNode attrs = Json.object();
        attrs.put("vbPhase", PHASES.get(random.nextInt(PHASES.size())));
        if (random.nextBoolean()) {
            attrs.put("vbAttempt", Integer.toString(random.nextInt(6)));
        }
        if (random.nextBoolean()) {
            attrs.put("vbHungUp", "9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a");
        }
        if (random.nextBoolean()) {
            attrs.put("vbTransferTo", "+14155550123");
        }
        if (random.nextBoolean()) {
            attrs.put("vbMeetingId", "m-1");
        }
        for (int i = random.nextInt(12); i > 0; i--) {
            attrs.put("other" + i, "x".repeat(random.nextInt(50)));
        }
        return attrs;
    }

    private static void removeRandomField(ObjectNode root, Random random) {
        List<ObjectNode> parents = new ArrayList<>();
        collectObjects(root, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>(parent.propertyNames());
        if (!names.isEmpty()) {
            parent.remove(names.get(random.nextInt(names.size())));
        }
    }

    private static void replaceRandomValue(ObjectNode root, Random random) {
        List<ObjectNode> parents = new ArrayList<>();
        collectObjects(root, parents);
        ObjectNode parent = parents.get(random.nextInt(parents.size()));
        List<String> names = new ArrayList<>(parent.propertyNames());
        if (names.isEmpty()) {
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(6)) {
            case 0 -> parent.putNull(name);
            case 1 -> parent.put(name, random.nextInt());
            case 2 -> parent.put(name, "");
            case 3 -> parent.putArray(name).add("x");
            case 4 -> parent.putObject(name).put("x", 1);
            default -> parent.set(name, Json.parse("\"" + "y".repeat(random.nextInt(2000)) + "\""));
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (JsonNode child : node) {
            collectObjects(child, into);
        }
    }
}
