package dev.voicebridge.gateway.sip.sdp;

/**
 * Which media protection an offer may get, decided per INVITE by the transport it came on. SDES
 * sends the SRTP keys inside the SDP, so RFC 4568 section 8 allows it only over protected
 * signalling: over plain UDP or TCP the keys would be as readable as the audio they protect.
 */
public enum MediaSecurity {
    /** Plain RTP/AVP only; an RTP/SAVP offer is refused (SIP over UDP or TCP). */
    PLAIN_ONLY,
    /** RTP/SAVP with SDES when offered, plain RTP/AVP otherwise (TLS, SRTP not required). */
    SRTP_ALLOWED,
    /** RTP/SAVP with SDES only; a plain offer is refused with 488 (TLS, GATEWAY_SIP_REQUIRE_SRTP). */
    SRTP_REQUIRED
}
