package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * One SIP-over-TCP connection a peer opened to the gateway: JAIN-SIP's NIO channel, plus its {@link
 * ConnectionWatch}, so {@link TcpConnections} can close it when a request overstays or the peer idles.
 * A connection from outside the allowlist is refused here: it is closed without a byte read or written.
 *
 * <p>Bytes arrive and {@link #readChannel} runs on the stack's selector thread; the sweep ends it
 * from the SIP timer thread; the stack may close the channel from its worker threads too.
 */
final class GuardedTcpMessageChannel extends NioTcpMessageChannel implements ConnectionWatch.Channel {

    private final TcpConnections connections;
    private final ConnectionWatch watch;

    GuardedTcpMessageChannel(GuardedTcpMessageProcessor processor, SocketChannel socket, TcpConnections connections)
            throws IOException {
        super(processor, socket);
        // JAIN-SIP's own accept path sets this after construction; the sweep may need it before.
        this.messageProcessor = processor;
        this.connections = connections;
        this.watch = new ConnectionWatch(this, socket, connections, "TCP");
    }

    @Override
    public ConnectionWatch watch() {
        return watch;
    }

    @Override
    public void readChannel() {
        if (watch.ending()) {
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
        watch.received(now);
        watch.plaintext(bytes, now);
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
