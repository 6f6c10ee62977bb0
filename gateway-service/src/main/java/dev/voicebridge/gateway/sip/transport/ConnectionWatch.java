package dev.voicebridge.gateway.sip.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * What {@link TcpConnections} needs to know of one connection a peer opened, over TCP or TLS, and
 * how it ends it: when bytes last arrived, whether a SIP message is half-received ({@link
 * TcpFraming}, fed the plaintext), and whether the connection is already being ended. Owned by one
 * {@link GuardedTcpMessageChannel} or {@link GuardedTlsMessageChannel}: bytes are fed on the stack's
 * selector thread; the sweep on the SIP timer thread reads the times and calls {@link #end}.
 */
final class ConnectionWatch implements TcpFraming.Listener {

    /** The channel this watch belongs to, as the sweep and the stack see it. */
    interface Channel {
        ConnectionWatch watch();

        /** Closes the channel and forgets it, on whichever thread calls. */
        void close();

        /**
         * {@link System#nanoTime()} when the message (or, for TLS, the handshake) now arriving began,
         * or 0 between messages.
         */
        default long requestStartedAt() {
            return watch().plaintextStartedAt();
        }
    }

    private final Channel channel;
    private final SocketChannel socket;
    private final TcpConnections connections;
    private final InetAddress peer;
    private final String transport;
    private final TcpFraming framing;
    private volatile long lastReceivedAt;
    private volatile long endingSince;

    ConnectionWatch(Channel channel, SocketChannel socket, TcpConnections connections, String transport) {
        this.channel = channel;
        this.socket = socket;
        this.connections = connections;
        this.peer = socket.socket().getInetAddress();
        this.transport = transport;
        this.framing = new TcpFraming(connections.maxMessageBytes(), this);
        this.lastReceivedAt = System.nanoTime();
    }

    InetAddress peer() {
        return peer;
    }

    String transport() {
        return transport;
    }

    long lastReceivedAt() {
        return lastReceivedAt;
    }

    /** {@link System#nanoTime()} when the SIP message now arriving began, or 0 between messages. */
    long plaintextStartedAt() {
        return framing.startedAt();
    }

    long requestBytes() {
        return framing.bytes();
    }

    /** {@link System#nanoTime()} when {@link #end} was first called, or 0. */
    long endingSince() {
        return endingSince;
    }

    boolean ending() {
        return endingSince != 0;
    }

    /** Bytes arrived from the peer (for TLS: encrypted ones, handshake included). */
    void received(long now) {
        lastReceivedAt = now;
    }

    /** SIP bytes to follow: TCP's as they arrive, TLS's once decrypted. */
    void plaintext(byte[] bytes, long now) {
        framing.feed(bytes, now);
    }

    /**
     * Ends the connection. The first call shuts the socket's input down, which wakes the selector so
     * that the channel's read closes it on the stack's own thread, where its connection tables are
     * kept; if that has not happened by the next call, the channel is closed from here.
     *
     * @param abort reset the connection rather than close it gracefully (a hostile or refused peer)
     */
    void end(boolean abort) {
        if (endingSince != 0) {
            channel.close();
            return;
        }
        long now = System.nanoTime();
        endingSince = now == 0 ? 1 : now;
        try {
            if (abort) {
                socket.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            socket.shutdownInput();
        } catch (IOException | RuntimeException e) {
            channel.close();
        }
    }

    @Override
    public void ended(long bytes, String fault) {
        if (fault != null) {
            connections.malformed(this, bytes, fault);
        }
    }

    @Override
    public void oversized(long bytes) {
        connections.malformed(
                this,
                bytes,
                "larger than GATEWAY_SIP_MAX_MESSAGE_BYTES (" + connections.maxMessageBytes()
                        + "), and the connection with it");
    }
}
