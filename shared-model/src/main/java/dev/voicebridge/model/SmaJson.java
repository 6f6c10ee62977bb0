package dev.voicebridge.model;

import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.SmaActionDeserializer;
import dev.voicebridge.model.action.UnknownAction;
import dev.voicebridge.model.error.SmaParseException;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.model.event.SmaEventReader;
import dev.voicebridge.model.event.SmaEventWriter;
import dev.voicebridge.model.internal.SmaMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Entry point for reading SMA events and writing SMA responses.
 *
 * <p>Reading is tolerant (see the module README): the only exception it throws is
 * {@link SmaParseException}. Writing is strict, but the strictness lives in the records'
 * constructors, so anything that exists can be written.
 */
public final class SmaJson {

    private static final JsonMapper MAPPER = SmaMapper.get();

    private SmaJson() {}

    /** The configured mapper (records' annotations carry the wire names; no global naming strategy). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static SmaEvent parseEvent(byte[] json) {
        if (json == null) {
            throw new SmaParseException("the SMA event is null");
        }
        return readEvent(() -> MAPPER.readTree(json));
    }

    public static SmaEvent parseEvent(String json) {
        if (json == null) {
            throw new SmaParseException("the SMA event is null");
        }
        return readEvent(() -> MAPPER.readTree(json));
    }

    public static SmaEvent parseEvent(InputStream json) {
        if (json == null) {
            throw new SmaParseException("the SMA event is null");
        }
        byte[] bytes;
        try {
            bytes = json.readAllBytes();
        } catch (IOException e) {
            throw new SmaParseException("could not read the SMA event: " + e.getMessage(), e);
        }
        return parseEvent(bytes);
    }

    /** Reads an event from a tree, e.g. one a Lambda runtime already parsed. */
    public static SmaEvent parseEvent(JsonNode tree) {
        return readEvent(() -> tree);
    }

    /** The response as JSON text, exactly what the SMA expects. */
    public static String write(SmaResponse response) {
        return MAPPER.writeValueAsString(response);
    }

    public static byte[] writeBytes(SmaResponse response) {
        return MAPPER.writeValueAsBytes(response);
    }

    /** One action as {@code {"Type": ..., "Parameters": {...}}}. */
    public static String writeAction(SmaAction action) {
        return MAPPER.writeValueAsString(actionTree(action));
    }

    public static ObjectNode actionTree(SmaAction action) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("Type", action.type());
        Object parameters = action instanceof UnknownAction unknown ? unknown.parameters() : action;
        if (parameters != null) {
            node.set("Parameters", MAPPER.valueToTree(parameters));
        }
        return node;
    }

    /** An event in its canonical documented shape (for tests and tools that produce events). */
    public static String writeEvent(SmaEvent event) {
        return MAPPER.writeValueAsString(SmaEventWriter.toTree(event));
    }

    public static ObjectNode eventTree(SmaEvent event) {
        return SmaEventWriter.toTree(event);
    }

    /**
     * Reads a response strictly: malformed JSON gives {@link SmaParseException}, a documented limit
     * broken gives {@link SmaValidationException}. Meant for tests and replay tools.
     */
    public static SmaResponse parseResponse(String json) {
        try {
            return MAPPER.readValue(json, SmaResponse.class);
        } catch (RuntimeException e) {
            throw translate(e, "SMA response");
        }
    }

    /** Reads one {@code {"Type": ..., "Parameters": {...}}} action strictly (see {@link #parseResponse}). */
    public static SmaAction parseAction(String json) {
        try {
            return SmaActionDeserializer.fromTree(MAPPER.readTree(json), MAPPER::treeToValue);
        } catch (RuntimeException e) {
            throw translate(e, "SMA action");
        }
    }

    private interface TreeSource {
        JsonNode read();
    }

    private static SmaEvent readEvent(TreeSource source) {
        try {
            return SmaEventReader.read(source.read());
        } catch (SmaParseException e) {
            throw e;
        } catch (JacksonException e) {
            throw new SmaParseException("the SMA event is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            // A reader bug must still surface as the one exception callers handle.
            throw new SmaParseException("could not read the SMA event: " + e, e);
        }
    }

    private static RuntimeException translate(RuntimeException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SmaValidationException v) {
                return v;
            }
            if (t instanceof SmaParseException p) {
                return p;
            }
        }
        if (e instanceof JacksonException j) {
            return new SmaParseException("the " + what + " is not valid: " + j.getOriginalMessage(), e);
        }
        if (e instanceof UncheckedIOException) {
            return new SmaParseException("could not read the " + what + ": " + e.getMessage(), e);
        }
        return new SmaParseException("could not read the " + what + ": " + e, e);
    }
}
