package dev.voicebridge.gateway.rtp;

import dev.voicebridge.gateway.rtp.srtp.SrtpException;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which of a call's incoming datagrams are the caller's, and hands back their plain bytes:
 * the source check (the SDP's address, one latched port) and, for an SRTP call, authentication,
 * replay check and decryption. What it drops it counts, and logs once per kind. Under SRTP a packet
 * is authenticated before it may latch the source, so only the holder of the caller's key can claim
 * it. Not thread-safe: owned by the call's event loop, like {@link RtpSession}.
 */
final class InboundGate {

    private static final Logger log = LoggerFactory.getLogger(InboundGate.class);

    private final RtpTotals totals;
    private RemoteMedia remote;
    private SourceLatch latch;
    private SrtpProtection srtp;
    private long rejectedSource;
    private long srtpRejected;

    InboundGate(RtpTotals totals) {
        this.totals = totals;
    }

    /** The call's media started: {@code srtp} is null for plain RTP. */
    void start(RemoteMedia remote, SrtpProtection srtp) {
        this.remote = remote;
        this.latch = new SourceLatch(remote.rtp());
        this.srtp = srtp;
    }

    void update(RemoteMedia newRemote) {
        remote = newRemote;
        if (latch != null) {
            latch.declare(newRemote.rtp());
        }
    }

    /** The plain RTP bytes of a datagram from the caller, or null when it is dropped. */
    byte[] rtp(DatagramPacket datagram) {
        InetSocketAddress sender = datagram.sender();
        byte[] bytes = null;
        if (latch.fromDeclaredAddress(sender)) {
            bytes = ByteBufUtil.getBytes(datagram.content());
            if (srtp != null) {
                bytes = unprotect(bytes, true);
                if (bytes == null) {
                    return null;
                }
            }
        }
        if (bytes == null || !latch.accepts(sender)) {
            totals.rejectedSource.increment();
            if (rejectedSource++ == 0) {
                log.warn(
                        "Dropping RTP from {}: the caller's SDP names {}, latched to {}",
                        sender,
                        remote.rtp(),
                        latch.latched());
            }
            return null;
        }
        return bytes;
    }

    /**
     * Checks an RTCP datagram. Reports are not used yet; the source is checked so the port is no
     * open reflector, and under SRTCP the tag and index, so forged or replayed reports are counted.
     */
    void rtcp(DatagramPacket datagram) {
        if (remote == null) {
            return;
        }
        if (!remote.rtcp().getAddress().equals(datagram.sender().getAddress())) {
            rejectedSource++;
        } else if (srtp != null) {
            unprotect(ByteBufUtil.getBytes(datagram.content()), false);
        }
    }

    long rejectedSource() {
        return rejectedSource;
    }

    long srtpRejected() {
        return srtpRejected;
    }

    private byte[] unprotect(byte[] bytes, boolean isRtp) {
        try {
            return isRtp ? srtp.unprotectRtp(bytes, bytes.length) : srtp.unprotectRtcp(bytes, bytes.length);
        } catch (SrtpException e) {
            totals.srtpRejected.increment();
            if (srtpRejected++ == 0) {
                log.warn("Dropping {} packet: {}", isRtp ? "SRTP" : "SRTCP", e.reason());
            }
            return null;
        }
    }
}
