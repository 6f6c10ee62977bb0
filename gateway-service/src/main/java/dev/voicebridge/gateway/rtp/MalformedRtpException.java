package dev.voicebridge.gateway.rtp;

/** A datagram on an RTP port that is not a valid RTP packet; the message says why. */
public class MalformedRtpException extends RuntimeException {

    public MalformedRtpException(String message) {
        super(message);
    }
}
