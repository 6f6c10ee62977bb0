package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;

/**
 * The caller's side of a call as a transport presents it: a SIP dialog with its RTP stream, or a
 * WebSocket media stream. A call session drives it; the leg only moves bytes.
 *
 * <p>There is exactly one pacing point in the gateway, the call session's media clock: it calls
 * {@link #sendFrame} or {@link #sendSilence} once every 20 ms. A leg never queues or paces audio of
 * its own, so "played" in the session means handed to the wire.
 *
 * <p>All methods are called from gateway threads that must not block; implementations hand work to
 * their transport's event loop. {@link #sendFrame}, {@link #sendSilence} and {@link #clearPlayback}
 * are called with the call's playout lock held (on the media clock, and on the Realtime event loop
 * for a barge-in's clear), so that the clear comes after exactly the frames counted as played: they
 * only hand the frame or the signal to the transport's own thread, in order, and leave encoding,
 * packetising and I/O to that thread. The frame array is the leg's to keep; the call never reuses
 * it.
 */
public interface CallLeg {

    /** The format of frames in both directions, fixed for the life of the leg. */
    AudioFormat format();

    /**
     * Whether the far end can hear the leg yet. A SIP leg is opened at the INVITE, so the call's
     * slot is taken before anything is answered, and carries media only once it has answered; until
     * then the media clock leaves the assistant's audio queued. Read on the media clock every tick.
     */
    default boolean answered() {
        return true;
    }

    /**
     * The call has something to say: its assistant is set up for the first time, or will never be
     * and the apology is queued. A leg that waits for this before answering (SIP) answers now. Called
     * on a Realtime event loop or a Reactor worker: hand the work to the leg's own thread.
     */
    default void readyToAnswer() {}

    /** Sends one 20 ms frame of model audio to the caller. */
    void sendFrame(byte[] frame);

    /**
     * Called on a clock tick when there is no model audio. RTP sends comfort silence so the far end
     * never sees a media gap; a WebSocket leg sends nothing.
     */
    void sendSilence();

    /**
     * Drops audio the transport itself holds toward the caller (the Twilio-convention {@code clear}
     * on a WebSocket leg). RTP holds nothing, so it is a no-op there.
     */
    void clearPlayback();

    /** Plays DTMF digits (0-9, *, #, A-D) to the caller, where the transport can. */
    void sendDtmf(String digits);

    /** Ends the leg from the gateway side (SIP BYE, WebSocket close). Idempotent. */
    void hangUp(EndReason reason);
}
