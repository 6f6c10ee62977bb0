package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLException;

/**
 * One SIP-over-TLS connection a peer opened to the gateway: JAIN-SIP's NIO TLS channel, plus its
 * {@link ConnectionWatch}, so TLS connections get the same read and idle timeouts as TCP ones. Until
 * the handshake completes, the handshake itself is the request that must arrive within the read
 * timeout, so a peer cannot hold a connection by trickling handshake bytes. A handshake that fails
 * (an old TLS version, no common cipher, a client certificate the truststore refuses) is one WARN line
 * naming the peer and the reason; JAIN-SIP would log it only at DEBUG.
 *
 * <p>Bytes arrive, are decrypted and {@link #readChannel} runs on the stack's selector thread; the
 * sweep ends it from the SIP timer thread; the stack may close it from its worker threads too.
 */
final class GuardedTlsMessageChannel extends NioTlsMessageChannel implements ConnectionWatch.Channel {

    private final TcpConnections connections;
    private final ConnectionWatch watch;
    private final long acceptedAt = System.nanoTime();

    GuardedTlsMessageChannel(NioTcpMessageProcessor processor, SocketChannel socket, TcpConnections connections)
            throws IOException {
        super(processor, socket);
        this.connections = connections;
        this.watch = new ConnectionWatch(this, socket, connections, "TLS");
    }

    @Override
    public ConnectionWatch watch() {
        return watch;
    }

    @Override
    public long requestStartedAt() {
        return isHandshakeCompleted() ? watch.plaintextStartedAt() : acceptedAt;
    }

    @Override
    public void readChannel() {
        if (watch.ending()) {
            close(); // as for TCP: not the stack's end-of-stream path
            return;
        }
        super.readChannel();
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        watch.received(System.nanoTime());
        try {
            super.addBytes(bytes);
        } catch (SSLException e) {
            connections.tlsRefused(watch, isHandshakeCompleted(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void addPlaintextBytes(byte[] bytes) throws Exception {
        watch.plaintext(bytes, System.nanoTime());
        super.addPlaintextBytes(bytes);
    }

    @Override
    protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
        try {
            super.close(removeSocket, stopKeepAliveTask);
        } finally {
            connections.forget(this);
        }
    }

    // As for TCP: JAIN-SIP's equals is by socket; the sweep's set needs identity.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
