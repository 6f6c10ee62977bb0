package dev.voicebridge.model.call;

import java.util.List;

/**
 * Where the transcripts of calls are kept after the call, so any gateway instance can answer for
 * any call. One entry per turn, keyed by call id and sequence number.
 */
public interface TranscriptStore {

    /** The most turns stored for one call; the writer stops persisting past it. */
    int MAX_TURNS_PER_CALL = 10_000;

    /** Stores {@code turn}, replacing the turn of the same call and sequence number if there is one. */
    void put(TranscriptTurn turn);

    /** The call's turns in sequence order; empty when none are stored (or they have expired). */
    List<TranscriptTurn> turns(String callId);
}
