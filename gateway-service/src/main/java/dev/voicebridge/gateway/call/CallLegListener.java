package dev.voicebridge.gateway.call;

/**
 * What a transport tells the call session about its leg. Called on transport event-loop threads:
 * implementations never block.
 */
public interface CallLegListener {

    /** One 20 ms frame from the caller, in the leg's format and in playout order. */
    void onCallerAudio(byte[] frame);

    /** A DTMF digit the caller pressed (RFC 4733 event or a WebSocket {@code dtmf} message). */
    void onDtmf(char digit);

    /** The leg ended on the transport side: caller hang-up, media timeout, transport error. */
    void onLegEnded(EndReason reason);
}
