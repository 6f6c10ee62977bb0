package dev.voicebridge.model.call;

import java.time.Instant;
import java.util.Objects;

/** One step in a call's history. */
public record StateChange(CallState state, Instant at, String reason) {

    public StateChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }
}
