package dev.voicebridge.model.action;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes an action as {@code {"Type": ..., "Parameters": {...}}}. Used as the content serializer
 * of SmaResponse.Actions, so the record itself serializes as its Parameters without recursion.
 */
public final class SmaActionSerializer extends ValueSerializer<SmaAction> {

    @Override
    public void serialize(SmaAction value, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeStartObject();
        gen.writeStringProperty("Type", value.type());
        if (value instanceof UnknownAction unknown) {
            if (unknown.parameters() != null) {
                gen.writeName("Parameters");
                ctxt.writeValue(gen, unknown.parameters());
            }
        } else {
            gen.writeName("Parameters");
            ctxt.writeValue(gen, value);
        }
        gen.writeEndObject();
    }
}
