package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * One SIP-over-TCP connection a peer opened to the gateway: JAIN-SIP's NIO channel, plus what the
 * stack does not keep track of, namely when bytes last arrived and whether a request is half-received
 * ({@link TcpFraming}), so {@link TcpConnections} can close it. A connection from outside the
 * allowlist is refused here: it is closed without a byte read or written.
 *
 * <p>Bytes arrive and {@link #readChannel} runs on the stack's selector thread; {@link #end} is
 * called by the sweep on the SIP timer thread; the stack may close the channel from its worker
 * threads too.
 */
final class GuardedTcpMessageChannel extends NioTcpMessageChannel implements TcpFraming.Listener {

    private final TcpConnections connections;
    private final InetAddress peer;
    private final TcpFraming framing;
    private volatile long lastReceivedAt;
    private volatile long endingSince;

    GuardedTcpMessageChannel(GuardedTcpMessageProcessor processor, SocketChannel socket, TcpConnections connections)
            throws IOException {
        super(processor, socket);
        // JAIN-SIP's own accept path sets this after construction; the sweep may need it before.
        this.messageProcessor = processor;
        this.connections = connections;
        this.peer = socket.socket().getInetAddress();
        this.framing = new TcpFraming(connections.maxMessageBytes(), this);
        this.lastReceivedAt = System.nanoTime();
    }

    InetAddress peer() {
        return peer;
    }

    long lastReceivedAt() {
        return lastReceivedAt;
    }

    /** {@link System#nanoTime()} when the request now arriving began, or 0 between requests. */
    long requestStartedAt() {
        return framing.startedAt();
    }

    long requestBytes() {
        return framing.bytes();
    }

    /** {@link System#nanoTime()} when {@link #end} was first called, or 0. */
    long endingSince() {
        return endingSince;
    }

    /**
     * Ends the connection. The first call shuts the socket's input down, which wakes the selector so
     * that {@link #readChannel} closes the channel on the stack's own thread, where its connection
     * tables are kept; if that has not happened by the next call, the channel is closed from here.
     *
     * @param abort reset the connection rather than close it gracefully (a hostile or refused peer)
     */
    void end(boolean abort) {
        if (endingSince != 0) {
            close();
            return;
        }
        long now = System.nanoTime();
        endingSince = now == 0 ? 1 : now;
        try {
            if (abort) {
                socketChannel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            socketChannel.shutdownInput();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    @Override
    public void readChannel() {
        if (endingSince != 0) {
            // Not the stack's read path: on end of stream it would terminate a half-received request
            // with CRLFs and hand it on, or answer a refused peer's keep-alive.
            close();
            return;
        }
        super.readChannel();
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        long now = System.nanoTime();
        lastReceivedAt = now;
        framing.feed(bytes, now);
        super.addBytes(bytes);
    }

    @Override
    protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
        try {
            super.close(removeSocket, stopKeepAliveTask);
        } finally {
            connections.forget(this);
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

    // JAIN-SIP's NioTcpMessageChannel defines equals by socket; identity is what the sweep's set needs.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
