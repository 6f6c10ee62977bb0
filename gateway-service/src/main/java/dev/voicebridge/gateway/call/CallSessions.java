package dev.voicebridge.gateway.call;

/**
 * Admits calls and runs one call session per call. Transports call {@link #open} once a leg is
 * ready to carry audio (SIP: on ACK of the 200; WebSocket: on {@code start}).
 */
public interface CallSessions {

    /**
     * Starts the session that joins {@code leg} to an Azure Realtime session. For a SIP call placed
     * through the calls API it first reads that request from the shared store ({@link PlacedCalls#join}),
     * which may block up to the store's timeout: SIP opens calls on JAIN-SIP worker threads, never
     * an event loop or the media clock; other transports read nothing that blocks.
     *
     * @return the listener the transport feeds with the caller's audio and events
     * @throws CallRejectedException when the gateway is draining or at its call limit; the
     *                               transport answers 503 or refuses the stream
     */
    CallLegListener open(CallSetup setup, CallLeg leg) throws CallRejectedException;

    /**
     * Whether a new call would be admitted now. Transports ask before doing costly set-up (SIP:
     * before answering the INVITE) so they can refuse early.
     */
    boolean accepting();
}
