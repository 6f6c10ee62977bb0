package dev.voicebridge.simulator.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.UnknownKeywordFactory;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's published GA Realtime event schemas, as a validator for one direction of the protocol:
 * {@link #clientEvents()} for what a client (the gateway) sends, {@link #serverEvents()} for what a
 * server (Azure, or the simulator standing in for it) sends. The schemas are a pinned copy of
 * {@code components.schemas} from openai/openai-openapi ({@code openai-realtime-ga-schemas.json}
 * beside this class; its README names the commit and the date it was taken), validated as JSON Schema
 * 2020-12, which OpenAPI 3.1 schema objects are.
 *
 * <p>The schema is picked by the event's {@code type}. A type no pinned schema of the direction
 * describes is itself a violation, so an event the simulator or gateway starts sending fails here
 * until its schema is pinned too. OpenAPI's own keywords ({@code discriminator}, {@code example}) and
 * its {@code x-} extensions are annotations, as JSON Schema treats keywords it does not define.
 *
 * <p>Where an event matches none of the alternatives of an {@code anyOf} or {@code oneOf} (a
 * conversation item is one of nine kinds), only the alternative it came closest to, the one with the
 * fewest violations, is reported: the others would only say that a user message is not a function call.
 */
public final class RealtimeSchemas {

    /** The pinned document, a classpath resource beside this class. */
    public static final String RESOURCE = "openai-realtime-ga-schemas.json";

    private static final String BASE_IRI = "https://voicebridge.dev/contract/" + RESOURCE;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Which side of the WebSocket an event comes from; the schema names in the document say so. */
    public enum Direction {
        CLIENT("RealtimeClientEvent"),
        SERVER("RealtimeServerEvent");

        private final String schemaPrefix;

        Direction(String schemaPrefix) {
            this.schemaPrefix = schemaPrefix;
        }
    }

    private static final class Holder {
        static final JsonNode DOCUMENT = readDocument();
        static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
                openApiSchemaDialect(),
                builder -> builder.schemas(Map.of(BASE_IRI, DOCUMENT.toString()))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .pathType(PathType.JSON_POINTER)
                                .build()));
        static final RealtimeSchemas CLIENT = new RealtimeSchemas(Direction.CLIENT);
        static final RealtimeSchemas SERVER = new RealtimeSchemas(Direction.SERVER);
    }

    private final Direction direction;
    private final Map<String, String> schemaNameByType;
    private final Map<String, Schema> schemaByType;

    private RealtimeSchemas(Direction direction) {
        this.direction = direction;
        Map<String, String> names = new TreeMap<>();
        Map<String, Schema> schemas = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry :
                Holder.DOCUMENT.path("components").path("schemas").properties()) {
            String name = entry.getKey();
            JsonNode types = entry.getValue().path("properties").path("type").path("enum");
            if (!name.startsWith(direction.schemaPrefix) || types.size() != 1) {
                continue;
            }
            String type = types.get(0).asString();
            names.put(type, name);
            schemas.put(type, Holder.REGISTRY.getSchema(SchemaLocation.of(BASE_IRI + "#/components/schemas/" + name)));
        }
        this.schemaNameByType = Map.copyOf(names);
        this.schemaByType = Map.copyOf(schemas);
    }

    /** The GA client events: what the gateway may send to Azure. */
    public static RealtimeSchemas clientEvents() {
        return Holder.CLIENT;
    }

    /** The GA server events: what Azure (and so the simulator) may send to the gateway. */
    public static RealtimeSchemas serverEvents() {
        return Holder.SERVER;
    }

    public Direction direction() {
        return direction;
    }

    /** The event types this direction has a pinned schema for. */
    public Set<String> eventTypes() {
        return new TreeSet<>(schemaNameByType.keySet());
    }

    /** The name of the schema in the pinned document that describes {@code type}, or null. */
    public String schemaName(String type) {
        return schemaNameByType.get(type);
    }

    /** {@link #violations(JsonNode)} of an event as text; text that is not JSON is one violation. */
    public List<String> violations(String eventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(eventJson);
        } catch (JacksonException e) {
            return List.of("(not JSON): " + e.getOriginalMessage());
        }
        return violations(event);
    }

    /**
     * Everything about {@code event} that its GA schema does not allow, each as
     * {@code "<event type> <JSON pointer>: <what is wrong>"}; empty when it validates.
     */
    public List<String> violations(JsonNode event) {
        JsonNode typeNode = event == null ? null : event.get("type");
        if (typeNode == null || !typeNode.isString()) {
            return List.of("(no type) /type: a Realtime " + directionWord() + " event needs a string type");
        }
        String type = typeNode.stringValue();
        Schema schema = schemaByType.get(type);
        if (schema == null) {
            return List.of(type + " /type: not a GA Realtime " + directionWord() + " event type with a pinned schema ("
                    + RESOURCE + " has " + eventTypes() + ")");
        }
        Set<String> messages = new LinkedHashSet<>();
        for (Error error : closestAlternatives(schema.validate(event))) {
            String pointer = error.getInstanceLocation().toString();
            messages.add(type + " " + (pointer.isEmpty() ? "/" : pointer) + ": " + error.getMessage() + " ("
                    + componentOf(error) + ")");
        }
        return new ArrayList<>(messages);
    }

    /**
     * Everything about {@code instance} that the pinned component schema {@code schemaName} (e.g.
     * {@code RealtimeSessionCreateRequestGA}, the session of a client secret request) does not allow,
     * each as {@code "<schemaName> <JSON pointer>: <what is wrong>"}; empty when it validates.
     */
    public static List<String> violationsOf(String schemaName, JsonNode instance) {
        if (!Holder.DOCUMENT.path("components").path("schemas").has(schemaName)) {
            throw new IllegalArgumentException(RESOURCE + " has no schema " + schemaName);
        }
        Schema schema = Holder.REGISTRY.getSchema(SchemaLocation.of(BASE_IRI + "#/components/schemas/" + schemaName));
        Set<String> messages = new LinkedHashSet<>();
        for (Error error : closestAlternatives(schema.validate(instance))) {
            String pointer = error.getInstanceLocation().toString();
            messages.add(schemaName + " " + (pointer.isEmpty() ? "/" : pointer) + ": " + error.getMessage());
        }
        return new ArrayList<>(messages);
    }

    /**
     * Keeps, for each {@code anyOf}/{@code oneOf} whose alternatives all failed, only the errors of
     * the alternative with the fewest; outermost combinators first, then the ones inside what is kept.
     */
    private static List<Error> closestAlternatives(List<Error> errors) {
        List<Error> kept = errors;
        while (true) {
            Map<String, Map<String, List<Error>>> branches = new LinkedHashMap<>();
            for (Error error : kept) {
                NodePath path = error.getEvaluationPath();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i + 1 < path.getNameCount(); i++) {
                    String name = path.getName(i);
                    prefix.append('/').append(name);
                    if (name.equals("anyOf") || name.equals("oneOf")) {
                        branches.computeIfAbsent(prefix.toString(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(path.getName(i + 1), k -> new ArrayList<>())
                                .add(error);
                    }
                }
            }
            String combinator = branches.entrySet().stream()
                    .filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey)
                    .min(Comparator.comparingInt(String::length))
                    .orElse(null);
            if (combinator == null) {
                return kept;
            }
            List<Error> closest = branches.get(combinator).values().stream()
                    .min(Comparator.comparingInt(List::size))
                    .orElseThrow();
            List<Error> others = new ArrayList<>();
            branches.get(combinator).values().stream().filter(b -> b != closest).forEach(others::addAll);
            kept = kept.stream().filter(e -> !others.contains(e)).toList();
        }
    }

    /** The component schema the failing keyword belongs to, e.g. {@code RealtimeResponse}. */
    private static String componentOf(Error error) {
        String location = String.valueOf(error.getSchemaLocation());
        int at = location.indexOf("/components/schemas/");
        if (at < 0) {
            return location;
        }
        String rest = location.substring(at + "/components/schemas/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /**
     * JSON Schema 2020-12 with OpenAPI's annotation keywords and {@code x-} extensions known as
     * annotations, so they neither fail nor draw an "unknown keyword" warning; any other unknown
     * keyword still warns.
     */
    private static Dialect openApiSchemaDialect() {
        Set<String> openApiAnnotations = Set.of("discriminator", "example", "externalDocs", "xml");
        return Dialect.builder(Dialects.getDraft202012())
                .unknownKeywordFactory(
                        (keyword, context) -> keyword.startsWith("x-") || openApiAnnotations.contains(keyword)
                                ? new AnnotationKeyword(keyword)
                                : UnknownKeywordFactory.getInstance().getKeyword(keyword, context))
                .build();
    }

    private String directionWord() {
        return direction == Direction.CLIENT ? "client" : "server";
    }

    private static JsonNode readDocument() {
        try (InputStream in = RealtimeSchemas.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the pinned schemas are missing from the classpath: " + RESOURCE);
            }
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
