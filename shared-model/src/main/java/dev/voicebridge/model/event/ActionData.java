package dev.voicebridge.model.event;

import dev.voicebridge.model.action.SmaAction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ActionData} of an SMA event: the action the event is about ({@code Type} +
 * {@code Parameters}, echoed by AWS), plus results and failure details.
 *
 * @param type          e.g. "CallAndBridge", "Hangup", "CallUpdateRequest"
 * @param parameters    {@code Parameters} exactly as received (empty when absent)
 * @param action        the parameters as a typed action when the type is a known action and they
 *                      are valid; otherwise null (an echo AWS changed never breaks the call)
 * @param receivedDigits {@code ReceivedDigits} of ReceiveDigits / ...AndGetDigits, else null
 * @param otherFields   every other field as received: ErrorType, ErrorMessage, Error, ErrorList,
 *                      RecordingDestination, CallRecordingDestination, IntentResult, ...
 * @param eventFailure  the event's top-level ErrorType/ErrorMessage, used by {@link #failure()}
 *                      when ActionData itself carries none (not written back)
 */
public record ActionData(
        String type,
        Map<String, Object> parameters,
        SmaAction action,
        String receivedDigits,
        Map<String, Object> otherFields,
        SmaFailure eventFailure) {

    public ActionData {
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        otherFields = otherFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
    }

    /**
     * Why the action failed, from whichever shape AWS used: {@code ErrorType}/{@code ErrorMessage}
     * here, one {@code Error: "Code: message"} string here, or the event's top-level fields.
     */
    public Optional<SmaFailure> failure() {
        String errorType = text(otherFields.get("ErrorType"));
        String errorMessage = text(otherFields.get("ErrorMessage"));
        if (errorType != null || errorMessage != null) {
            return Optional.of(
                    new SmaFailure(errorType == null || errorType.isBlank() ? "Error" : errorType, errorMessage));
        }
        String combined = text(otherFields.get("Error"));
        if (combined != null) {
            return Optional.of(SmaFailure.fromCombined(combined));
        }
        return Optional.ofNullable(eventFailure);
    }

    /**
     * {@code Parameters.Arguments} of CALL_UPDATE_REQUESTED (what UpdateSipMediaApplicationCall
     * sent), or the ArgumentsMap of CreateSipMediaApplicationCall on NEW_OUTBOUND_CALL. Empty when
     * there are none; non-string values are given as their JSON text.
     */
    public Map<String, String> arguments() {
        Object args = parameters.get("Arguments");
        if (!(args instanceof Map<?, ?>)) {
            args = parameters.get("ArgumentsMap");
        }
        if (!(args instanceof Map<?, ?>)) {
            args = otherFields.get("ArgumentsMap");
        }
        if (!(args instanceof Map<?, ?> map)) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                result.put(k.toString(), v.toString());
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** A top-level field of ActionData other than Type/Parameters/ReceivedDigits. */
    public Optional<Object> field(String name) {
        return Optional.ofNullable(otherFields.get(name));
    }

    /** {@code Parameters.CallId} of the echoed action, if any. */
    public Optional<String> callId() {
        return Optional.ofNullable(text(parameters.get("CallId")));
    }

    /** Without secrets AWS echoes back (a JoinChimeMeeting join token), so events can be logged. */
    @Override
    public String toString() {
        Map<String, Object> shown = parameters;
        if (parameters.containsKey("JoinToken")) {
            shown = new LinkedHashMap<>(parameters);
            shown.put("JoinToken", "***");
        }
        return "ActionData[type=" + type + ", parameters=" + shown + ", action=" + action + ", receivedDigits="
                + receivedDigits + ", otherFields=" + otherFields + ", eventFailure=" + eventFailure + "]";
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
