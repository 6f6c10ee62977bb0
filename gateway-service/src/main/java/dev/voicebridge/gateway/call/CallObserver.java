package dev.voicebridge.gateway.call;

/**
 * What the gateway's call sessions tell whoever follows them (the admin package's call tracker):
 * each call's lifecycle, and timing points for metrics. Nothing here wraps or sits between the
 * transport and the call: a caller's frame reaches its {@link CallSession} directly.
 *
 * <p>Threads. Lifecycle events come on the thread that opens or ends the call (a transport's event
 * loop, the Realtime event loop, a tool's Reactor worker, the admin API, the drain); timing points
 * on the media clock, the Realtime event loop and the transport's event loop. Implementations only
 * record and hand work off: they never block and never call back into the session beyond reading
 * its {@link CallSession#stats() stats}.
 */
public interface CallObserver {

    CallObserver NONE = new CallObserver() {};

    /** A call was admitted; its session is about to start. The first event of every call. */
    default void callStarted(CallSession session) {}

    /** A call was refused: the gateway is draining or at its call limit. */
    default void callRejected(CallSetup setup, CallRejectedException.Reason reason) {}

    /** Opening a call failed for another reason (the transport is told by an exception). */
    default void callFailed(CallSetup setup) {}

    /**
     * The call ended, from either side, for {@code reason}; called once per call, after the session
     * stopped (and after the leg was hung up when the gateway ended the call), before the call
     * leaves the live registry.
     */
    default void callEnded(CallSession session, EndReason reason) {}

    /** The assistant session is set up: the first time, or again after a reconnect. */
    default void assistantReady(CallSession session, boolean afterReconnect) {}

    /**
     * A caller frame was handled {@code nanos} after the leg delivered it: handed to Azure's socket,
     * or counted as dropped. Called on the transport's thread for every frame; record, nothing more.
     */
    default void callerAudioHandled(CallSession session, long nanos) {}

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
