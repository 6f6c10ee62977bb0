package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.Transcript;

/**
 * What the gateway's call sessions tell whoever follows them (the admin package's call tracker):
 * each call's lifecycle, and timing points for metrics. Nothing here wraps or sits between the
 * transport and the call: a caller's frame reaches its {@link CallSession} directly.
 *
 * <p>Threads. Lifecycle events come on the thread that opens or ends the call (a transport's event
 * loop, the Realtime event loop, a tool's Reactor worker, the admin API, the drain); timing points
 * on the media clock, the Realtime event loop and the transport's event loop. Implementations only
 * record and hand work off: they never block and never call back into the session beyond reading
 * its {@link CallSession#stats() stats}. The conversation points (state, transcript lines, tools,
 * transfer) come on the Realtime event loop (under the link's lock), the media clock (answered) or
 * a tool's Reactor worker (transfer): the same rule holds.
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

    /** The far end can hear the call now (SIP answered; a WebSocket leg at once). Once per call. */
    default void callAnswered(CallSession session) {}

    /** The assistant's session moved to {@code state} (READY, RECONNECTING, FAILED). */
    default void assistantStateChanged(CallSession session, AssistantSession.State state) {}

    /**
     * A final transcript line: the caller's (transcription completed) or the assistant's (its
     * transcript done). An assistant line the caller interrupted after it was final comes again,
     * same item id, cut to what was heard and marked interrupted.
     */
    default void transcriptLine(CallSession session, Transcript.Entry line) {}

    /** The model called tool {@code name}; it is being run now. */
    default void toolCalled(CallSession session, String name, String toolCallId) {}

    /** The SMA accepted a transfer of the caller to {@code to}; the call ends TRANSFERRED next. */
    default void callTransferred(CallSession session, String to) {}

    /** Every event to {@code first}, then to {@code second}. */
    static CallObserver both(CallObserver first, CallObserver second) {
        return new ObserverPair(first, second);
    }

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
