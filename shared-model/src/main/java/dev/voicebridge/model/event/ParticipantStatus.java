package dev.voicebridge.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a leg is still up. Absent on NEW_OUTBOUND_CALL and RINGING in AWS's examples. */
public enum ParticipantStatus {
    @JsonProperty("Connected")
    CONNECTED("Connected"),
    @JsonProperty("Disconnected")
    DISCONNECTED("Disconnected");

    private final String wire;

    ParticipantStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The status for a wire value (case-insensitive), or null when unknown. */
    public static ParticipantStatus fromWire(String value) {
        for (ParticipantStatus s : values()) {
            if (s.wire.equalsIgnoreCase(value)) {
                return s;
            }
        }
        return null;
    }
}
