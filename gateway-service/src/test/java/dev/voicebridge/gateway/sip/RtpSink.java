package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.rtp.RtpPacket;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands where the caller's SDP says its media is, and records every RTP packet the gateway sends. */
final class RtpSink implements AutoCloseable {

    record Received(long nanos, RtpPacket packet) {}

    private final DatagramSocket socket;
    private final Thread reader;
    final List<Received> packets = new CopyOnWriteArrayList<>();

    RtpSink() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        reader = Thread.ofPlatform().daemon().name("rtp-sink").start(this::read);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Sends one RTP packet from this socket, the phone's media address, to the gateway's RTP port. */
    void send(byte[] packet, int gatewayRtpPort) {
        try {
            socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), gatewayRtpPort));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
                packets.add(new Received(System.nanoTime(), RtpPacket.parse(datagram.getData(), datagram.getLength())));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
