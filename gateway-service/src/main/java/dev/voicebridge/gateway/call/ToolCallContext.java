package dev.voicebridge.gateway.call;

import reactor.core.publisher.Mono;

/** What a tool may do to the call it runs in. Implemented by the call session. */
public interface ToolCallContext {

    CallSetup setup();

    /** Plays DTMF digits to the caller through the leg. */
    void sendDtmf(String digits);

    /**
     * Completes once the assistant's queued audio (a goodbye, "I'll put you through") has been
     * played to the caller, or after the configured cap.
     */
    Mono<Void> playoutDone();

    /** Ends the call by hanging up the leg directly (no SMA). */
    void hangUpLeg(EndReason reason);

    /** Records why the call is about to end, for a leg that the SMA will hang up. */
    void ending(EndReason reason);

    /** The SMA accepted the transfer of the caller to {@code to}: published as call.transferred. */
    default void transferred(String to) {}
}
