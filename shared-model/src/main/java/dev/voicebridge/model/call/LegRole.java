package dev.voicebridge.model.call;

/** What a leg of a call connects to. */
public enum LegRole {
    /** The caller's leg (SMA LEG-A). */
    PSTN,
    /** The leg the SMA bridged to the gateway through the Voice Connector (LEG-B). */
    GATEWAY,
    /** A leg created to transfer the caller to a person or another number. */
    TRANSFER
}
