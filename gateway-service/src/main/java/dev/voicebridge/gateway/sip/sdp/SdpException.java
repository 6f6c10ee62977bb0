package dev.voicebridge.gateway.sip.sdp;

/** An SDP body that cannot be parsed; the message names the line and what is wrong. */
public class SdpException extends RuntimeException {

    public SdpException(String message) {
        super(message);
    }
}
