package dev.voicebridge.gateway.sip.transport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The UDP socket JAIN-SIP listens on, which only hands the stack datagrams it can use: one from
 * outside the allowlist, one cut off by the receive buffer (the stack sizes it to
 * GATEWAY_SIP_MAX_MESSAGE_BYTES) and one without a SIP start line or mandatory header is dropped
 * here, logged briefly, and never parsed or answered. {@link #receive} runs on the stack's UDP
 * receive thread; sends come from its worker threads, as with any datagram socket.
 */
final class ScreenedDatagramSocket extends DatagramSocket {

    private final TransportGuard guard;

    ScreenedDatagramSocket(SocketAddress local, TransportGuard guard) throws SocketException {
        super(local);
        this.guard = guard;
    }

    @Override
    public void receive(DatagramPacket packet) throws IOException {
        int capacity = packet.getLength();
        while (true) {
            packet.setLength(capacity);
            super.receive(packet);
            if (usable(packet, capacity)) {
                return;
            }
        }
    }

    private boolean usable(DatagramPacket packet, int capacity) {
        InetAddress source = packet.getAddress();
        if (!guard.allows(source)) {
            guard.refused(source, "UDP");
            return false;
        }
        String fault = packet.getLength() >= capacity
                ? "cut off at the " + capacity + "-byte receive buffer (GATEWAY_SIP_MAX_MESSAGE_BYTES)"
                : MessageHead.faultOfDatagram(packet.getData(), packet.getOffset(), packet.getLength());
        if (fault != null) {
            guard.malformed(source, "UDP", packet.getLength(), fault);
            return false;
        }
        return true;
    }
}
