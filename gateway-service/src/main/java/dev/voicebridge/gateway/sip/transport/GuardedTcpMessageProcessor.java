package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * JAIN-SIP's NIO TCP listener with the gateway's check at accept: a connection from outside the
 * allowlist becomes a {@link GuardedTcpMessageChannel} that is refused before anything is read from
 * it. {@link #createMessageChannel} runs on the stack's selector thread.
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
        InetAddress peer = client.socket().getInetAddress();
        if (guard.allows(peer) || nioHandler.getMessageChannel(client) != null) {
            return super.createMessageChannel(processor, client);
        }
        GuardedTcpMessageChannel channel = new GuardedTcpMessageChannel(this, client);
        nioHandler.putMessageChannel(client, channel);
        guard.refused(peer, "TCP");
        channel.end();
        return channel;
    }
}
