package dev.voicebridge.model.event;

/**
 * The 11 documented SMA invocation event types, plus {@link #UNKNOWN} for a type AWS adds later
 * (the raw name stays in {@link SmaEvent#rawEventType()}).
 */
public enum InvocationEventType {
    NEW_INBOUND_CALL,
    NEW_OUTBOUND_CALL,
    RINGING,
    CALL_ANSWERED,
    ACTION_SUCCESSFUL,
    ACTION_FAILED,
    ACTION_INTERRUPTED,
    HANGUP,
    CALL_UPDATE_REQUESTED,
    DIGITS_RECEIVED,
    INVALID_LAMBDA_RESPONSE,
    UNKNOWN;

    private static final java.util.regex.Pattern CAMEL_CASE =
            java.util.regex.Pattern.compile("[A-Z][a-z]+(?:[A-Z][a-z]+)+");

    /**
     * The type for a wire name. Also reads the names other pages of the developer guide print:
     * {@code NEW_INCOMING_CALL} (DG/case-1, pstn-model) for NEW_INBOUND_CALL, and the CamelCase
     * forms such as {@code ActionFailed} (DG/join-chime-meeting) or {@code NewInboundCall}.
     */
    public static InvocationEventType fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String trimmed = value.trim();
        if (CAMEL_CASE.matcher(trimmed).matches()) {
            trimmed = trimmed.replaceAll("(?<=[a-z])(?=[A-Z])", "_");
        }
        String name = trimmed.toUpperCase(java.util.Locale.ROOT);
        if (name.equals("NEW_INCOMING_CALL")) {
            return NEW_INBOUND_CALL;
        }
        for (InvocationEventType type : values()) {
            if (type != UNKNOWN && type.name().equals(name)) {
                return type;
            }
        }
        return UNKNOWN;
    }
}
