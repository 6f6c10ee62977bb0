package dev.voicebridge.gateway.call;

/**
 * Timing points inside a call session, for metrics (the admin package implements it). Called on
 * media-clock and Realtime threads: implementations only record numbers, never block and never
 * call back into the session.
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {};

    /** The assistant session is set up: the first time, or again after a reconnect. */
    default void assistantReady(CallSession session, boolean afterReconnect) {}

    /**
     * The first frame of assistant audio went to the caller's leg {@code nanos} after the server
     * said the caller stopped speaking: Azure's turn latency plus the gateway's.
     */
    default void firstAudioAfterSpeech(CallSession session, long nanos) {}

    /**
     * Assistant audio that arrived with nothing queued ahead of it went to the caller's leg
     * {@code nanos} after it arrived: what the gateway adds on the way out (decode, transcode,
     * the wait for the next 20 ms tick).
     */
    default void assistantAudioLatency(CallSession session, long nanos) {}
}
