package dev.voicebridge.model.event;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/** Lets any Jackson mapper (e.g. Spring Cloud Function's) read an SmaEvent with the tolerant reader. */
public final class SmaEventDeserializer extends ValueDeserializer<SmaEvent> {

    @Override
    public SmaEvent deserialize(JsonParser p, DeserializationContext ctxt) {
        return SmaEventReader.read(ctxt.readTree(p));
    }
}
