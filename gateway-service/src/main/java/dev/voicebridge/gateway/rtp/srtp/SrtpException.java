package dev.voicebridge.gateway.rtp.srtp;

/**
 * A packet that SRTP or SRTCP refuses to unprotect. It carries only the reason and lengths, never
 * packet bytes or keys, and no stack trace: refusals are per packet and an attacker decides how
 * many there are, so they must stay cheap.
 */
public final class SrtpException extends RuntimeException {

    /** Why a packet was refused: the RTP session counts refusals by reason. */
    public enum Reason {
        /** Too short to hold the headers and the tag. */
        MALFORMED,
        /** The authentication tag does not match: forged, corrupted or under another key. */
        AUTHENTICATION,
        /** Already received (RFC 3711 section 3.3.2). */
        REPLAYED,
        /** Behind the 64-packet replay window, so it cannot be told apart from a replay. */
        TOO_OLD
    }

    private final Reason reason;

    SrtpException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
