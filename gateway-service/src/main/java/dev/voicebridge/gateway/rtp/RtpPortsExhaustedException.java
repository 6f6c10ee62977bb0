package dev.voicebridge.gateway.rtp;

/** Every RTP port pair of the configured range is in use; the SIP side answers 503. */
public class RtpPortsExhaustedException extends RuntimeException {

    public RtpPortsExhaustedException(String message) {
        super(message);
    }
}
