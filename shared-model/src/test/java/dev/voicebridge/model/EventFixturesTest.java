package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.event.InvocationEventType;
import dev.voicebridge.model.event.SmaEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event fixture is read and written back to the same JSON tree (or its documented normal form). */
class EventFixturesTest {

    static List<Path> documentedEvents() {
        return Fixtures.jsonFiles("events");
    }

    static List<Path> docInconsistentEvents() {
        return Fixtures.jsonFiles("events/variants");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedEvents")
    void shouldReadAndWriteBackEachDocumentedEventUnchanged(Path fixture) {
        // Given
        String json = Fixtures.read(fixture);

        // When
        SmaEvent event = SmaJson.parseEvent(json);

        // Then
        assertThat(event.invocationEventType()).isEqualTo(expectedType(fixture));
        assertThat(event.unknownFields())
                .as("a documented event has no unknown fields")
                .isEmpty();
        assertThat(Fixtures.tree(SmaJson.writeEvent(event))).isEqualTo(Fixtures.tree(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docInconsistentEvents")
    void shouldReadEachDocInconsistentEventIntoItsDocumentedShape(Path fixture) {
        // Given a shape some AWS page prints; the expected output is the documented shape, or the input itself
        String json = Fixtures.read(fixture);
        Path normalized =
                fixture.resolveSibling(fixture.getFileName().toString().replace(".json", ".normalized.json"));
        String expected = Files.exists(normalized) ? Fixtures.read(normalized) : json;

        // When
        SmaEvent event = SmaJson.parseEvent(json);

        // Then
        assertThat(Fixtures.tree(SmaJson.writeEvent(event))).isEqualTo(Fixtures.tree(expected));
        assertThat(SmaJson.parseEvent(expected)).isEqualTo(SmaJson.parseEvent(SmaJson.writeEvent(event)));
    }

    @Test
    void shouldHaveAFixtureForEveryDocumentedEventType() {
        Set<InvocationEventType> covered = documentedEvents().stream()
                .map(EventFixturesTest::expectedType)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(InvocationEventType.class)));

        assertThat(covered)
                .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(InvocationEventType.UNKNOWN)));
    }

    /** "action-failed-speak.json" is an ACTION_FAILED event: the longest type name the file name starts with. */
    private static InvocationEventType expectedType(Path fixture) {
        String name = fixture.getFileName().toString().toUpperCase(Locale.ROOT).replace('-', '_');
        InvocationEventType best = null;
        for (InvocationEventType type : InvocationEventType.values()) {
            if (name.startsWith(type.name())
                    && (best == null || type.name().length() > best.name().length())) {
                best = type;
            }
        }
        assertThat(best)
                .as("fixture %s names an event type", fixture.getFileName())
                .isNotNull();
        return best;
    }
}
