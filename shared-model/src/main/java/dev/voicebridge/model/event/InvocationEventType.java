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

    /**
     * The type for a wire name. {@code NEW_INCOMING_CALL} is what two pages of the developer guide
     * print for the first event of an inbound call; it means NEW_INBOUND_CALL.
     */
    public static InvocationEventType fromWire(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String name = value.trim().toUpperCase(java.util.Locale.ROOT);
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
