package dev.voicebridge.model.call;

/** Whether a leg is being set up, up, or gone. */
public enum LegState {
    RINGING,
    CONNECTED,
    DISCONNECTED
}
