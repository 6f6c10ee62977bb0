package dev.voicebridge.model.event;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/** Writes an SmaEvent in its canonical wire shape with any Jackson mapper. */
public final class SmaEventSerializer extends ValueSerializer<SmaEvent> {

    @Override
    public void serialize(SmaEvent value, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeTree(SmaEventWriter.toTree(value));
    }
}
