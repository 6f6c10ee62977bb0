package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * JAIN-SIP's NIO TCP listener with the gateway's checks at accept: every connection a peer opens
 * becomes a {@link GuardedTcpMessageChannel} that {@link TcpConnections} keeps track of, and one from
 * outside the allowlist is refused before anything is read from it. Connections the gateway opens
 * itself (to send a BYE) stay the stack's own. {@link #createMessageChannel} runs on the stack's
 * selector thread.
 */
final class GuardedTcpMessageProcessor extends NioTcpMessageProcessor {

    private final TransportGuard guard;

    GuardedTcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port, TransportGuard guard) {
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
        GuardedTcpMessageChannel channel = new GuardedTcpMessageChannel(this, client, guard.connections());
        nioHandler.putMessageChannel(client, channel);
        guard.connections().add(channel);
        InetAddress peer = channel.watch().peer();
        if (!guard.allows(peer)) {
            guard.refused(peer, "TCP");
            channel.watch().end(true);
        }
        return channel;
    }
}
