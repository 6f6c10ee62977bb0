package dev.voicebridge.model.call;

import dev.voicebridge.model.event.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The status of one call, shared by the SMA Lambda and the gateway (and stored by the call
 * registry). Immutable: every change returns a new record with {@code version + 1}, which
 * registries use for optimistic concurrency.
 *
 * @param callId     for SMA calls the SMA TransactionId, so Lambda, gateway and registry share one id
 * @param endReason  why the call ended (the reason of the transition to ENDED), else null
 * @param metadata   the application's own JSON object from the calls API request that placed the
 *                   call, as compact JSON text, else null; handed back on every view and event
 * @param recording  where the call's recording is (an {@code s3://} or {@code file:} URI) once it is
 *                   written, else null
 */
public record CallStatus(
        String callId,
        String smaTransactionId,
        String sipMediaApplicationId,
        String from,
        String to,
        Direction direction,
        CallState state,
        List<StateChange> history,
        String endReason,
        List<LegStatus> legs,
        String metadata,
        String recording,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public CallStatus {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        history = history == null ? List.of() : List.copyOf(history);
        legs = legs == null ? List.of() : List.copyOf(legs);
    }

    /** A new call in RINGING, version 1. */
    public static CallStatus started(
            String smaTransactionId,
            String sipMediaApplicationId,
            String from,
            String to,
            Direction direction,
            Instant at) {
        Objects.requireNonNull(smaTransactionId, "smaTransactionId");
        return new CallStatus(
                smaTransactionId,
                smaTransactionId,
                sipMediaApplicationId,
                from,
                to,
                direction,
                CallState.RINGING,
                List.of(new StateChange(CallState.RINGING, at, "call arrived")),
                null,
                List.of(),
                null,
                null,
                at,
                at,
                1);
    }

    /**
     * Moves to {@code target}, or throws {@link IllegalCallTransitionException} naming both states.
     * The reason of the move to ENDED becomes the end reason.
     */
    public CallStatus transitionTo(CallState target, Instant at, String reason) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
        if (!state.canMoveTo(target)) {
            throw new IllegalCallTransitionException(callId, state, target);
        }
        List<StateChange> newHistory = new ArrayList<>(history);
        newHistory.add(new StateChange(target, at, reason));
        return next(target, newHistory, target == CallState.ENDED ? reason : endReason, legs, metadata, recording, at);
    }

    /** Adds the leg, or replaces the leg with the same id. */
    public CallStatus withLeg(LegStatus leg, Instant at) {
        Objects.requireNonNull(leg, "leg");
        List<LegStatus> newLegs = new ArrayList<>();
        boolean replaced = false;
        for (LegStatus existing : legs) {
            if (existing.legId().equals(leg.legId())) {
                newLegs.add(leg);
                replaced = true;
            } else {
                newLegs.add(existing);
            }
        }
        if (!replaced) {
            newLegs.add(leg);
        }
        return next(state, history, endReason, newLegs, metadata, recording, at);
    }

    /** This status with the application's metadata (compact JSON text). */
    public CallStatus withMetadata(String json, Instant at) {
        return next(state, history, endReason, legs, json, recording, at);
    }

    /** This status with the location of its recording. */
    public CallStatus withRecording(String location, Instant at) {
        return next(state, history, endReason, legs, metadata, location, at);
    }

    /** The next version of this call, with what changed, updated {@code at}. */
    private CallStatus next(
            CallState state,
            List<StateChange> history,
            String endReason,
            List<LegStatus> legs,
            String metadata,
            String recording,
            Instant at) {
        return new CallStatus(
                callId,
                smaTransactionId,
                sipMediaApplicationId,
                from,
                to,
                direction,
                state,
                history,
                endReason,
                legs,
                metadata,
                recording,
                createdAt,
                at,
                version + 1);
    }

    public java.util.Optional<LegStatus> leg(LegRole role) {
        return legs.stream().filter(l -> l.role() == role).reduce((first, second) -> second);
    }

    public boolean isEnded() {
        return state == CallState.ENDED;
    }
}
