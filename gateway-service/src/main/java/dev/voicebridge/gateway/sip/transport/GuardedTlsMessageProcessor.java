package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * JAIN-SIP's NIO TLS listener with the gateway's checks at accept: every connection a peer opens
 * becomes a {@link GuardedTlsMessageChannel} under the read and idle timeouts of {@link
 * TcpConnections}, and one from outside the allowlist is closed before a TLS handshake starts, so an
 * outside source costs no handshake and gets nothing. Connections the gateway opens itself stay the
 * stack's own. {@link #createMessageChannel} runs on the stack's selector thread.
 */
final class GuardedTlsMessageProcessor extends NioTlsMessageProcessor {

    private final TransportGuard guard;

    GuardedTlsMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, TransportGuard guard) {
        super(address, stack, port);
        this.guard = guard;
    }

    @Override
    public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
            throws IOException {
        NioTcpMessageChannel known = nioHandler.getMessageChannel(client);
        if (known != null) {
            return known;
        }
        GuardedTlsMessageChannel channel = new GuardedTlsMessageChannel(processor, client, guard.connections());
        nioHandler.putMessageChannel(client, channel);
        guard.connections().add(channel);
        InetAddress peer = channel.watch().peer();
        if (!guard.allows(peer)) {
            // ended before the first read, so the TLS engine never sees a byte of the handshake
            guard.refused(peer, "TLS");
            channel.watch().end(true);
        }
        return channel;
    }

    /** Caches {@code channel} unless it already is: see {@link GuardedTcpMessageProcessor}'s, same race. */
    @Override
    protected synchronized void cacheMessageChannel(ConnectionOrientedMessageChannel channel) {
        if (messageChannels.get(channel.getKey()) != channel) {
            super.cacheMessageChannel(channel);
        }
    }
}
