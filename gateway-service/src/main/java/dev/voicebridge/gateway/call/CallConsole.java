package dev.voicebridge.gateway.call;

/**
 * The operator console's side of one call, as the call session sees it: a tap on both directions
 * of audio, a voice mixed into what the caller hears, and the model's text replies. The session
 * holds at most one; the console fans out to however many operators watch the call.
 *
 * <p>Threads. Every method is called on a media thread that paces or carries calls and must return
 * at once: implementations only convert a frame, offer it to bounded queues and return. They never
 * block, wait for a lock held across I/O, or throw.
 */
public interface CallConsole {

    /** A caller frame in the leg's format, as it arrived. The transport's event loop. */
    void callerFrame(byte[] frame);

    /**
     * The operators' voice for this tick: one frame in the leg's format, or null when nobody is
     * talking. The media clock, before the tick's frame is handed to the leg.
     */
    byte[] voiceFrame();

    /**
     * What the leg was handed this tick, in the leg's format (assistant and operator voice mixed),
     * or null when there was nothing. The media clock, after the hand-off; called on every tick.
     */
    void toCaller(byte[] frame);

    /** A final text reply of the model (copilot mode). A Realtime event loop. */
    void suggestion(String itemId, String text);

    /** The call ended. Whichever thread ended it. */
    void callEnded(EndReason reason);
}
