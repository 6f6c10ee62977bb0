package dev.voicebridge.gateway.sip;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * SIP written byte by byte on plain loopback sockets, the way a scanner or a broken peer would:
 * requests built here, sent whole or in part over UDP and TCP, and what came back (if anything).
 */
final class RawSip {

    private RawSip() {}

    /** A well-formed OPTIONS from {@code localPort}. */
    static String options(int gatewayPort, int localPort, String transport, String branch) {
        return request("OPTIONS", gatewayPort, localPort, transport, branch, "");
    }

    /** A well-formed INVITE without SDP, carrying {@code extraHeaders} right after the Via. */
    static String invite(int gatewayPort, int localPort, String transport, String branch, String extraHeaders) {
        return request("INVITE", gatewayPort, localPort, transport, branch, extraHeaders);
    }

    private static String request(
            String method, int gatewayPort, int localPort, String transport, String branch, String extraHeaders) {
        return method + " sip:gateway@127.0.0.1:" + gatewayPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + branch + "\r\n"
                + extraHeaders
                + "From: <sip:caller@127.0.0.1>;tag=" + branch + "\r\n"
                + "To: <sip:gateway@127.0.0.1>\r\n"
                + "Call-ID: raw-" + branch + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + localPort + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static void send(DatagramSocket udp, int gatewayPort, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        udp.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", gatewayPort)));
    }

    /** Every datagram that arrives within {@code wait}, joined; empty when nothing came. */
    static String receiveAll(DatagramSocket udp, Duration wait) throws IOException {
        StringBuilder all = new StringBuilder();
        long deadline = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[65535];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return all.toString();
            }
            udp.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (SocketTimeoutException e) {
                return all.toString();
            }
            all.append(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1));
        }
    }

    static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** What one TCP connection saw until the gateway closed it or {@code wait} ran out. */
    record TcpOutcome(String received, boolean closed, Duration after) {}

    /** Reads until the far end closes (FIN or reset) or {@code wait} runs out. */
    static TcpOutcome readUntilClosed(Socket socket, long startedNanos, Duration wait) throws IOException {
        StringBuilder received = new StringBuilder();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        long deadline = startedNanos + wait.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return new TcpOutcome(received.toString(), false, since(startedNanos));
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return new TcpOutcome(received.toString(), false, since(startedNanos));
            } catch (SocketException e) {
                // "Connection reset": the gateway closed without lingering
                return new TcpOutcome(received.toString(), true, since(startedNanos));
            }
            if (n < 0) {
                return new TcpOutcome(received.toString(), true, since(startedNanos));
            }
            received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
