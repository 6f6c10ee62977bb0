package dev.voicebridge.model.call;

import java.time.Instant;
import java.util.Objects;

/**
 * One leg of a call.
 *
 * @param legId     the SMA CallId of the leg (or the gateway's SIP Call-ID for its own leg)
 * @param endedAt   null while the leg is up
 */
public record LegStatus(String legId, LegRole role, LegState state, Instant startedAt, Instant endedAt) {

    public LegStatus {
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public static LegStatus ringing(String legId, LegRole role, Instant at) {
        return new LegStatus(legId, role, LegState.RINGING, at, null);
    }

    public LegStatus connected() {
        return new LegStatus(legId, role, LegState.CONNECTED, startedAt, null);
    }

    public LegStatus disconnected(Instant at) {
        return new LegStatus(legId, role, LegState.DISCONNECTED, startedAt, at);
    }
}
