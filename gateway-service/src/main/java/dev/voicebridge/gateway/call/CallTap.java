package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;

/**
 * A tap on both directions of one call's audio, as the caller's leg carries it: the recording's
 * port into the call session. Taps are opened by a {@link Opener} when the call is admitted; a call
 * nobody taps gets {@link #NONE}.
 *
 * <p>Threads. {@link #callerFrame} comes on the transport's event loop, {@link #toCaller} on the
 * media clock, {@link #callEnded} on whichever thread ended the call. All three are media threads:
 * implementations only hand the frame to a bounded queue and return; they never block, do I/O or
 * throw.
 */
public interface CallTap {

    CallTap NONE = new CallTap() {};

    /** A caller frame in the leg's format, as it arrived. */
    default void callerFrame(byte[] frame) {}

    /**
     * What the leg was handed this tick, in the leg's format (assistant, prompts and operator voice
     * mixed), or null for silence. Called on every tick once the leg has answered, so ticks count
     * the call's time.
     */
    default void toCaller(byte[] frame) {}

    /** The call ended; nothing more comes. Called once. */
    default void callEnded() {}

    /** Opens the tap of a call being admitted: {@link #NONE} for a call that is not tapped. */
    interface Opener {
        Opener NONE = (setup, format) -> CallTap.NONE;

        /** Called on the thread that admits the call; must not block or do I/O. */
        CallTap open(CallSetup setup, AudioFormat legFormat);
    }
}
