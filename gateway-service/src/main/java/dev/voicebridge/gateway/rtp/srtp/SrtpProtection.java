package dev.voicebridge.gateway.rtp.srtp;

/**
 * One call's SRTP and SRTCP, as SDES set them up: what the gateway sends is protected under its own
 * master key (the one in our {@code a=crypto} answer), what the caller sends is unprotected under
 * the caller's (the one in its offer). Not thread-safe: created when the call's media starts and
 * then used only on the call's event loop.
 */
public final class SrtpProtection {

    private final SrtpSuite suite;
    private final SrtpTransform rtpOut;
    private final SrtcpTransform rtcpOut;
    private SrtpTransform rtpIn;
    private SrtcpTransform rtcpIn;

    /**
     * @param local  the gateway's master key, sent to the caller in the answer
     * @param remote the caller's master key, from the offer
     */
    public SrtpProtection(SrtpSuite suite, MasterKey local, MasterKey remote) {
        this.suite = suite;
        this.rtpOut = new SrtpTransform(suite, local);
        this.rtcpOut = new SrtcpTransform(suite, local);
        this.rtpIn = new SrtpTransform(suite, remote);
        this.rtcpIn = new SrtcpTransform(suite, remote);
    }

    /**
     * The caller sent a new key in a re-offer. Only the inbound side starts over: our outbound
     * transforms keep their rollover counters, since restarting them under the same key would repeat
     * keystream.
     */
    public void rekeyInbound(MasterKey remote) {
        this.rtpIn = new SrtpTransform(suite, remote);
        this.rtcpIn = new SrtcpTransform(suite, remote);
    }

    public SrtpSuite suite() {
        return suite;
    }

    public byte[] protectRtp(byte[] rtp) {
        return rtpOut.protect(rtp, rtp.length);
    }

    public byte[] unprotectRtp(byte[] srtp, int length) {
        return rtpIn.unprotect(srtp, length);
    }

    public byte[] protectRtcp(byte[] rtcp) {
        return rtcpOut.protect(rtcp, rtcp.length);
    }

    public byte[] unprotectRtcp(byte[] srtcp, int length) {
        return rtcpIn.unprotect(srtcp, length);
    }

    @Override
    public String toString() {
        return "SrtpProtection[" + suite + ", keys redacted]";
    }
}
