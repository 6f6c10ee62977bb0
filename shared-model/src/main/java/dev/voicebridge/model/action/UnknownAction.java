package dev.voicebridge.model.action;

import dev.voicebridge.model.internal.Check;
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
        if (SmaActionTypes.recordFor(type).isPresent()) {
            // Otherwise a documented action could skip its record's validation.
            throw new dev.voicebridge.model.error.SmaValidationException(
                    "Type", type, "a type other than the 18 documented ones (build " + type + " with its own record)");
        }
        parameters = parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
