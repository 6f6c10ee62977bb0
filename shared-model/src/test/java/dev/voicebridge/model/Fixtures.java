package dev.voicebridge.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Test fixtures under src/test/resources/fixtures. */
public final class Fixtures {

    private Fixtures() {}

    public static Path dir(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture directory " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The .json files directly in a fixture directory, without the expected-output ones. */
    public static List<Path> jsonFiles(String name) {
        try (Stream<Path> files = Files.list(dir(name))) {
            return files.filter(
                            p -> p.toString().endsWith(".json") && !p.toString().endsWith(".normalized.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(String relative) {
        return read(dir("").resolve(relative));
    }

    public static JsonNode tree(String json) {
        return SmaJson.mapper().readTree(json);
    }

    /** All event fixtures, documented and doc-inconsistent, as text. */
    public static List<String> allEvents() {
        return Stream.concat(jsonFiles("events").stream(), jsonFiles("events/variants").stream())
                .map(Fixtures::read)
                .toList();
    }

    public static List<String> allActions() {
        return jsonFiles("actions").stream().map(Fixtures::read).toList();
    }
}
