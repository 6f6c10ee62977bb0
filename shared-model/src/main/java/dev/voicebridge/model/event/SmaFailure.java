package dev.voicebridge.model.event;

import java.util.Objects;

/**
 * Why an action failed or a response was rejected, normalized from the three shapes AWS's
 * documentation uses: ErrorType/ErrorMessage in ActionData, one {@code Error: "Code: message"}
 * string, or ErrorType/ErrorMessage at the top level of the event.
 */
public record SmaFailure(String errorType, String errorMessage) {

    public SmaFailure {
        Objects.requireNonNull(errorType, "errorType");
    }

    /** Splits AWS's single-string form {@code "InvalidActionParameter: JoinToken is missing"}. */
    public static SmaFailure fromCombined(String error) {
        String text = error == null ? "" : error.trim();
        int colon = text.indexOf(':');
        if (colon > 0 && !text.substring(0, colon).contains(" ")) {
            return new SmaFailure(
                    text.substring(0, colon).trim(), text.substring(colon + 1).trim());
        }
        return new SmaFailure("Error", text);
    }
}
