package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which leg of an SMA call: LEG-A is the caller's leg, LEG-B the leg the SMA created. */
public enum ParticipantTag {
    @JsonProperty("LEG-A")
    LEG_A("LEG-A"),
    @JsonProperty("LEG-B")
    LEG_B("LEG-B");

    private final String wire;

    ParticipantTag(String wire) {
        this.wire = wire;
    }

    /** The value as it appears in JSON, e.g. {@code LEG-A}. */
    public String wire() {
        return wire;
    }

    /** The tag for a wire value (case-insensitive), or null when AWS sends one we do not know. */
    public static ParticipantTag fromWire(String value) {
        for (ParticipantTag tag : values()) {
            if (tag.wire.equalsIgnoreCase(value) || tag.name().equalsIgnoreCase(value)) {
                return tag;
            }
        }
        return null;
    }
}
