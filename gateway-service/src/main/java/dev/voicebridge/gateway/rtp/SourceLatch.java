package dev.voicebridge.gateway.rtp;

import java.net.InetSocketAddress;

/**
 * Decides which one source address and port a call's RTP is heard from. Checking the address alone
 * let any port on the caller's media host (another call's stream, a stray process) speak into the
 * call. The first packet from the SDP's address latches its sender; after that only that exact
 * source is heard. The SDP's own address and port is authoritative: a packet from it takes the latch
 * over from a source that latched first on another port, so an intruder that races the caller does
 * not keep the call. A new SDP address or port (re-INVITE moving the media) drops the latch.
 *
 * <p>Not thread-safe: owned by the call's event loop, like the rest of {@link RtpSession}'s state.
 */
final class SourceLatch {

    private InetSocketAddress declared;
    private InetSocketAddress latched;

    SourceLatch(InetSocketAddress declared) {
        this.declared = declared;
    }

    /** Whether {@code sender} is on the SDP's address, without latching: worth authenticating under SRTP. */
    boolean fromDeclaredAddress(InetSocketAddress sender) {
        return declared.getAddress().equals(sender.getAddress());
    }

    /** Whether a packet from {@code sender} is the caller's; latches the first acceptable source. */
    boolean accepts(InetSocketAddress sender) {
        if (!declared.getAddress().equals(sender.getAddress())) {
            return false;
        }
        if (latched == null || (!latched.equals(declared) && sender.equals(declared))) {
            latched = sender;
            return true;
        }
        return latched.equals(sender);
    }

    /** The SDP changed: a new address or port starts over, a hold or resume on the same one keeps the latch. */
    void declare(InetSocketAddress newDeclared) {
        if (!newDeclared.equals(declared)) {
            latched = null;
        }
        declared = newDeclared;
    }

    /** The source the call is latched to, or null before the first packet. */
    InetSocketAddress latched() {
        return latched;
    }
}
