package dev.voicebridge.model.action;

import dev.voicebridge.model.error.SmaParseException;
import dev.voicebridge.model.internal.JsonValues;
import dev.voicebridge.model.internal.SmaMapper;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/** Reads {@code {"Type": ..., "Parameters": {...}}} into the matching record, or UnknownAction. */
public final class SmaActionDeserializer extends ValueDeserializer<SmaAction> {

    @Override
    public SmaAction deserialize(JsonParser p, DeserializationContext ctxt) {
        JsonNode node = ctxt.readTree(p);
        return fromTree(node, new Binder() {
            @Override
            public <T> T bind(JsonNode params, Class<T> type) {
                return ctxt.readTreeAsValue(params, type);
            }
        });
    }

    /** Binds Parameters to a record with the caller's mapper or context. */
    public interface Binder {
        <T> T bind(JsonNode params, Class<T> type);
    }

    public static SmaAction fromTree(JsonNode node, Binder binder) {
        if (node == null || !node.isObject()) {
            throw new SmaParseException(
                    "an action must be a JSON object with Type and Parameters, but was " + JsonValues.kind(node));
        }
        JsonNode type = node.get("Type");
        if (type == null || !type.isString() || type.stringValue().isBlank()) {
            throw new SmaParseException("an action needs a string Type, but had " + JsonValues.kind(type));
        }
        JsonNode params = node.get("Parameters");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new SmaParseException(
                    type.stringValue() + ".Parameters must be a JSON object, but was " + JsonValues.kind(params));
        }
        Optional<Class<? extends SmaAction>> record = SmaActionTypes.recordFor(type.stringValue());
        if (record.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> raw =
                    params == null || params.isNull() ? null : (Map<String, Object>) JsonValues.plain(params);
            return new UnknownAction(type.stringValue(), raw);
        }
        JsonNode body = params == null || params.isNull() ? SmaMapper.get().createObjectNode() : params;
        return binder.bind(body, record.get());
    }
}
