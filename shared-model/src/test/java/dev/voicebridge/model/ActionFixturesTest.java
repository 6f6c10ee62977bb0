package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.SmaActionTypes;
import dev.voicebridge.model.action.UnknownAction;
import dev.voicebridge.model.error.SmaValidationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** One fixture per action: read, written back, compared; and every documented limit rejected by name. */
class ActionFixturesTest {

    static List<Path> actions() {
        return Fixtures.jsonFiles("actions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void shouldReadAndWriteBackEachActionUnchanged(Path fixture) {
        // Given
        String json = Fixtures.read(fixture);
        String type = Fixtures.tree(json).get("Type").stringValue();

        // When
        SmaAction action = SmaJson.parseAction(json);

        // Then
        assertThat(action).isInstanceOf(SmaActionTypes.recordFor(type).orElseThrow());
        assertThat(action.type()).isEqualTo(type);
        assertThat(Fixtures.tree(SmaJson.writeAction(action))).isEqualTo(Fixtures.tree(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void shouldWriteEachActionInsideAResponseEnvelope(Path fixture) {
        // Given
        String json = Fixtures.read(fixture);
        SmaAction action = SmaJson.parseAction(json);

        // When
        JsonNode response = Fixtures.tree(SmaJson.write(SmaResponse.of(action)));

        // Then
        assertThat(response.get("SchemaVersion").stringValue()).isEqualTo("1.0");
        assertThat(response.get("Actions").get(0)).isEqualTo(Fixtures.tree(json));
        assertThat(response.has("TransactionAttributes")).isFalse();
    }

    @Test
    void shouldHaveAFixtureForEveryDocumentedAction() {
        List<String> types = actions().stream()
                .map(p -> Fixtures.tree(Fixtures.read(p)).get("Type").stringValue())
                .toList();

        assertThat(types).containsExactlyInAnyOrderElementsOf(SmaActionTypes.names());
        assertThat(types).hasSize(18);
    }

    @Test
    void shouldKeepAnUnknownActionTypeAndWriteItBackUnchanged() {
        // Given an action type from a future AWS release
        String json = Fixtures.read("unknown/unknown-action.json");

        // When
        SmaAction action = SmaJson.parseAction(json);

        // Then
        assertThat(action)
                .isInstanceOfSatisfying(
                        UnknownAction.class,
                        unknown -> assertThat(unknown.type()).isEqualTo("StartMediaStreaming"));
        assertThat(Fixtures.tree(SmaJson.write(SmaResponse.of(action)))
                        .get("Actions")
                        .get(0))
                .isEqualTo(Fixtures.tree(json));
    }

    @Test
    void shouldNotLetAnUnknownActionStandInForADocumentedOne() {
        assertThatThrownBy(() -> new UnknownAction("Hangup", java.util.Map.of("SipResponseCode", 503)))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage(
                        "Type must be a type other than the 18 documented ones (build Hangup with its own record), but was \"Hangup\"");
    }

    static List<org.junit.jupiter.params.provider.Arguments> invalidActions() {
        JsonNode cases = Fixtures.tree(Fixtures.read("invalid-actions.json"));
        List<org.junit.jupiter.params.provider.Arguments> result = new ArrayList<>();
        for (JsonNode c : cases) {
            result.add(arguments(
                    c.get("why").stringValue(),
                    expand(SmaJson.mapper().writeValueAsString(c.get("action"))),
                    expand(c.get("message").stringValue())));
        }
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidActions")
    void shouldRejectAnActionThatBreaksADocumentedLimitNamingFieldValueAndLimit(
            String why, String action, String message) {
        assertThatThrownBy(() -> SmaJson.parseAction(action))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage(message);
    }

    @Test
    void shouldCoverEveryActionTypeWithAtLeastOneInvalidCase() {
        JsonNode cases = Fixtures.tree(Fixtures.read("invalid-actions.json"));
        List<String> types = new ArrayList<>();
        cases.forEach(c -> types.add(c.get("action").get("Type").stringValue()));

        assertThat(types.stream().collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(SmaActionTypes.names());
    }

    private static final Pattern REPEAT = Pattern.compile("REPEAT\\((.),(\\d+)\\)");

    /** REPEAT(x,980) stands for 980 x's, so fixtures can state length limits readably. */
    private static String expand(String s) {
        Matcher m = REPEAT.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
