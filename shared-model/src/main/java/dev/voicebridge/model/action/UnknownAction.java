package dev.voicebridge.model.action;

import dev.voicebridge.model.Check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An action type this model does not know (a newer AWS feature): read and written back
 * unchanged, never fatal.
 */
public record UnknownAction(String type, Map<String, Object> parameters) implements SmaAction {

    public UnknownAction {
        Check.required("Type", type);
        parameters = parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
