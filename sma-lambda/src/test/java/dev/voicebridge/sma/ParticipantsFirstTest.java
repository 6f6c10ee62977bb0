package dev.voicebridge.sma;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SMA's Participants outrank the TransactionAttributes: a redeploy that renamed the attributes, or
 * another application sharing the SIP media application, must never make the Lambda bridge a connected
 * call a second time, and an action result the attributes cannot place gets the safest answer for the
 * legs as reported. Through the real FunctionInvoker.
 */
class ParticipantsFirstTest {

    private static final List<String> ACTION_RESULTS = List.of(
            "action-successful-call-and-bridge",
            "action-failed-call-and-bridge",
            "action-successful-speak",
            "action-successful-hangup-leg-b",
            "action-successful-transfer-bridge");
    private static final List<String> PHASES =
            List.of("DIALING", "BRIDGING", "BRIDGED", "TRANSFERRING", "TRANSFER_BRIDGING", "TRANSFERRED", "ENDING");
    private static SmaLambda lambda;
    /** Each invocation is a call of its own: the Lambda answers a repeated (transaction, sequence) from its cache. */
    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    @BeforeContainer
    static void startLambda() {
        lambda = SmaLambda.start(SmaLambda.gatewayEnv());
    }

    private static SmaLambda lambda() {
        if (lambda == null) {
            startLambda();
        }
        return lambda;
    }

    @Test
    void shouldNotBridgeAgainWhenABridgeFailureArrivesForACallWhoseLegsAreBothConnected() {
        // Given a bridge failure whose attributes say "bridging, attempt 1" but whose Participants show
        // the caller and the gateway leg both connected (a stale or duplicated report)
        ObjectNode event = event("action-failed-call-and-bridge", "tx-stale-failure");
        withLegB(event, "Connected");
        attributes(event, "{\"vbPhase\":\"BRIDGING\",\"vbAttempt\":\"1\"}");

        // When the Lambda answers
        JsonNode response = lambda().invoke(event);

        // Then it keeps the call up: no Pause, no second CallAndBridge
        assertThat(response.get("Actions")).isEmpty();
        assertThat(response.at("/TransactionAttributes/vbPhase").asString()).isEqualTo("BRIDGED");
    }

    @Test
    void shouldKeepTheCallUpWhenForeignAttributesCannotBePlacedAndBothLegsAreConnected() {
        // Given a Speak result whose attributes were written by another version (no vbPhase), with both legs up
        ObjectNode event = event("action-successful-speak", "tx-foreign-up");
        withLegB(event, "Connected");
        attributes(event, "{\"phase\":\"BRIDGING\",\"attempt\":\"1\"}");

        // When the Lambda answers
        JsonNode response = lambda().invoke(event);

        // Then nothing is started: the call stays as it is, and the foreign attributes are kept
        assertThat(response.get("Actions")).isEmpty();
        assertThat(response.at("/TransactionAttributes/phase").asString()).isEqualTo("BRIDGING");
    }

    @Test
    void shouldApologiseAndHangUpTheCallerWhenAnUnplaceableResultLeavesTheCallerAlone() {
        // Given a bridge failure with no call state of this Lambda and only the caller connected
        ObjectNode event = event("action-failed-call-and-bridge", "tx-foreign-alone");
        attributes(event, "{\"somethingElse\":\"x\"}");

        // When the Lambda answers
        JsonNode response = lambda().invoke(event);

        // Then the caller hears the apology and is hung up, instead of a bridge nobody asked for
        assertThat(response.get("Actions"))
                .extracting(a -> a.get("Type").asString())
                .containsExactly("Speak", "Hangup");
        assertThat(response.at("/Actions/1/Parameters/CallId").asString())
                .isEqualTo(event.at("/CallDetails/Participants/0/CallId").asString());
    }

    @Provide
    Arbitrary<String> actionResults() {
        return Arbitraries.of(ACTION_RESULTS);
    }

    @Property(tries = 300)
    void shouldNeverBridgeAConnectedCallAgainWhateverItsAttributes(
            @ForAll("actionResults") String fixture, @ForAll boolean failed, @ForAll long seed) {
        // Given an action result with both legs connected and attributes of any shape: ours in any
        // phase and attempt, someone else's, or none
        Random random = new Random(seed);
        ObjectNode event = event(fixture, "tx-prop-" + CALLS.incrementAndGet());
        event.put("InvocationEventType", failed ? "ACTION_FAILED" : "ACTION_SUCCESSFUL");
        withLegB(event, "Connected");
        ((ObjectNode) event.get("CallDetails")).set("TransactionAttributes", randomAttributes(random));

        // When the Lambda answers
        JsonNode response = lambda().invoke(event);

        // Then no action bridges to the gateway's Voice Connector
        for (JsonNode action : response.get("Actions")) {
            boolean toGateway = "CallAndBridge".equals(action.get("Type").asString())
                    && action.at("/Parameters/Endpoints/0/BridgeEndpointType")
                            .asString()
                            .equals("AWS");
            assertThat(toGateway).as("bridge to the gateway in %s", response).isFalse();
        }
    }

    @Property(tries = 200)
    void shouldAnswerAnUnplaceableResultOnlyForTheLegsThatAreConnected(
            @ForAll("actionResults") String fixture,
            @ForAll boolean failed,
            @ForAll boolean legBConnected,
            @ForAll long seed) {
        // Given an action result whose attributes carry no phase of this Lambda
        Random random = new Random(seed);
        ObjectNode event = event(fixture, "tx-unplaced-" + CALLS.incrementAndGet());
        event.put("InvocationEventType", failed ? "ACTION_FAILED" : "ACTION_SUCCESSFUL");
        withLegB(event, legBConnected ? "Connected" : "Disconnected");
        ObjectNode foreign = randomAttributes(random);
        foreign.remove("vbPhase");
        ((ObjectNode) event.get("CallDetails")).set("TransactionAttributes", foreign);

        // When the Lambda answers
        JsonNode response = lambda().invoke(event);

        // Then both legs up means no actions at all; the caller alone means the apology and its hang-up
        List<String> types = new ArrayList<>();
        response.get("Actions").forEach(a -> types.add(a.get("Type").asString()));
        if (legBConnected) {
            assertThat(types).isEmpty();
        } else {
            assertThat(types).containsExactly("Speak", "Hangup");
        }
    }

    private static ObjectNode event(String fixture, String transactionId) {
        ObjectNode event = Json.fixture(fixture);
        ((ObjectNode) event.get("CallDetails")).put("TransactionId", transactionId);
        return event;
    }

    /** LEG-B present with the given status (added, copied from LEG-A's shape, when the fixture has none). */
    private static void withLegB(ObjectNode event, String status) {
        ArrayNode participants = (ArrayNode) event.at("/CallDetails/Participants");
        ((ObjectNode) participants.get(0)).put("Status", "Connected");
        ObjectNode legB = null;
        for (JsonNode p : participants) {
            if ("LEG-B".equals(p.get("ParticipantTag").asString())) {
                legB = (ObjectNode) p;
            }
        }
        if (legB == null) {
            legB = (ObjectNode) participants.get(0).deepCopy();
            legB.put("ParticipantTag", "LEG-B");
            legB.put("CallId", "9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a");
            legB.put("Direction", "Outbound");
            participants.add(legB);
        }
        legB.put("Status", status);
    }

    private static void attributes(ObjectNode event, String json) {
        ((ObjectNode) event.get("CallDetails")).set("TransactionAttributes", Json.parse(json));
    }

    private static ObjectNode randomAttributes(Random random) {
        ObjectNode attrs = Json.object();
        switch (random.nextInt(4)) {
            case 0 -> attrs.put("vbPhase", PHASES.get(random.nextInt(PHASES.size())));
            case 1 -> attrs.put("vbPhase", "RENAMED_" + random.nextInt(100));
            case 2 -> attrs.put("phase", PHASES.get(random.nextInt(PHASES.size())));
            default -> {}
        }
        if (random.nextBoolean()) {
            attrs.put("vbAttempt", Integer.toString(random.nextInt(6)));
        }
        if (random.nextBoolean()) {
            attrs.put("vbTransferTo", "+14155550123");
        }
        for (int i = random.nextInt(5); i > 0; i--) {
            attrs.put("app" + i, "v" + random.nextInt(1000));
        }
        return attrs;
    }
}
