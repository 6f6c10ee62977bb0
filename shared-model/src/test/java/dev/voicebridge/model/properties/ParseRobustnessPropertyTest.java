package dev.voicebridge.model.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.Fixtures;
import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.error.SmaParseException;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.event.SmaEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Histogram;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever reaches the Lambda, reading it either works or fails with SmaParseException: never an
 * NPE, a Jackson exception or anything else that would fail the invocation and drop the call.
 */
class ParseRobustnessPropertyTest {

    private static final List<String> EVENTS = Fixtures.allEvents();
    private static final List<String> ACTIONS = Fixtures.allActions();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 300)
    void shouldOnlyEverThrowParseExceptionForRandomBytes(@ForAll byte[] bytes) {
        readEventAndUseIt(bytes);
    }

    @Provide
    Arbitrary<String> jsonLikeText() {
        return Arbitraries.strings()
                .withChars("{}[]\":,.-+eE0123456789 truefalsn\\ACDINTVabcdegilnoprstuyz_")
                .ofMaxLength(300)
                .map(s -> "{\"InvocationEventType\":\"HANGUP\",\"CallDetails\":{\"TransactionId\":\"t\"," + s);
    }

    @Property(tries = 300)
    void shouldOnlyEverThrowParseExceptionForJsonLikeText(@ForAll("jsonLikeText") String text) {
        readEventAndUseIt(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    @StatisticsReport(format = Histogram.class)
    void shouldOnlyEverThrowParseExceptionForStructurallyMutatedEvents(
            @ForAll @IntRange(min = 0, max = 1000) int fixture,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations) {
        Random random = new Random(seed);
        JsonNode tree = Fixtures.tree(EVENTS.get(fixture % EVENTS.size()));
        for (int i = 0; i < mutations; i++) {
            tree = mutate(tree, random);
        }
        readEventAndUseIt(SmaJson.mapper().writeValueAsBytes(tree));
    }

    @Property(tries = 300)
    void shouldOnlyEverThrowParseExceptionForTextuallyMutatedEvents(
            @ForAll @IntRange(min = 0, max = 1000) int fixture,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 8) int edits) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(EVENTS.get(fixture % EVENTS.size()));
        String alphabet = "{}[]\":,0-9aZ \\nul";
        for (int i = 0; i < edits && !text.isEmpty(); i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        readEventAndUseIt(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void shouldOnlyRejectMutatedActionsWithTheModelsOwnExceptions(
            @ForAll @IntRange(min = 0, max = 1000) int fixture,
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int mutations) {
        Random random = new Random(seed);
        JsonNode tree = Fixtures.tree(ACTIONS.get(fixture % ACTIONS.size()));
        for (int i = 0; i < mutations; i++) {
            tree = mutate(tree, random);
        }
        String json = SmaJson.mapper().writeValueAsString(tree);
        try {
            SmaJson.writeAction(SmaJson.parseAction(json));
        } catch (SmaParseException | SmaValidationException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Reads, then touches everything a handler would, including writing it back for a log line. */
    private static void readEventAndUseIt(byte[] bytes) {
        SmaEvent event;
        try {
            event = SmaJson.parseEvent(bytes);
        } catch (SmaParseException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            Statistics.collect("rejected with SmaParseException");
            return;
        }
        Statistics.collect("read");
        event.failure();
        event.legA();
        event.participant(ParticipantTag.LEG_B);
        event.transactionAttribute("state");
        if (event.actionData() != null) {
            event.actionData().arguments();
            event.actionData().failure();
            event.actionData().callId();
        }
        event.callDetails().participants().forEach(p -> p.sipHeader("X-VoiceBridge-Transaction-Id"));
        SmaJson.writeEvent(event);
    }

    /** One random structural change somewhere in the tree. */
    static JsonNode mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return randomValue(random, 0);
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(name, randomValue(random, 0));
                case 2 -> {
                    JsonNode value = object.remove(name);
                    object.set(name.toLowerCase(), value);
                }
                default -> object.set(name + random.nextInt(3), randomValue(random, 0));
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            int index = random.nextInt(array.size());
            if (random.nextBoolean()) {
                array.remove(index);
            } else {
                array.set(index, randomValue(random, 0));
            }
        } else if (target instanceof ObjectNode object) {
            object.set("X", randomValue(random, 0));
        } else if (target instanceof ArrayNode array) {
            array.add(randomValue(random, 0));
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainer()) {
            out.add(node);
            for (JsonNode child : node) {
                collect(child, out);
            }
        }
    }

    private static JsonNode randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 9 : 11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(random.nextLong());
            case 4 -> NODES.numberNode(random.nextDouble() * 1e20);
            case 5 -> NODES.stringNode("");
            case 6 -> NODES.stringNode(" ");
            case 7 ->
                NODES.stringNode(List.of(
                                "LEG-A",
                                "LEG-B",
                                "Inbound",
                                "Connected",
                                "0",
                                "486",
                                "-1",
                                "1e3",
                                "CallAndBridge",
                                "Hangup",
                                "NEW_INBOUND_CALL",
                                "x-foo",
                                "Code: message")
                        .get(random.nextInt(13)));
            case 8 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 9 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(
                            List.of("Type", "Parameters", "CallId", "Arguments", "ErrorType", "Error")
                                    .get(random.nextInt(6)),
                            randomValue(random, depth + 1));
                }
                yield object;
            }
        };
    }
}
