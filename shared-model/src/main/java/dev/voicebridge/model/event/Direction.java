package dev.voicebridge.model.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Direction of a call leg as the SMA reports it. */
public enum Direction {
    @JsonProperty("Inbound")
    INBOUND("Inbound"),
    @JsonProperty("Outbound")
    OUTBOUND("Outbound");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The direction for a wire value (case-insensitive), or null when unknown. */
    public static Direction fromWire(String value) {
        for (Direction d : values()) {
            if (d.wire.equalsIgnoreCase(value)) {
                return d;
            }
        }
        return null;
    }
}
