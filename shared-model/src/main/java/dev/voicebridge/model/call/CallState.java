package dev.voicebridge.model.call;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a VoiceBridge call is. RINGING: the SMA has the caller; BRIDGING: CallAndBridge to the
 * gateway is under way; CONNECTED: the caller talks to the AI; TRANSFERRING: the caller is being
 * moved elsewhere; ENDED: final.
 */
public enum CallState {
    RINGING,
    BRIDGING,
    CONNECTED,
    TRANSFERRING,
    ENDED;

    /** The states this one may move to. BRIDGING may repeat for a retried bridge. */
    public Set<CallState> next() {
        return switch (this) {
            case RINGING -> EnumSet.of(BRIDGING, CONNECTED, ENDED);
            case BRIDGING -> EnumSet.of(BRIDGING, CONNECTED, ENDED);
            case CONNECTED -> EnumSet.of(TRANSFERRING, ENDED);
            case TRANSFERRING -> EnumSet.of(CONNECTED, ENDED);
            case ENDED -> EnumSet.noneOf(CallState.class);
        };
    }

    public boolean canMoveTo(CallState target) {
        return target != null && next().contains(target);
    }

    public boolean isFinal() {
        return this == ENDED;
    }
}
