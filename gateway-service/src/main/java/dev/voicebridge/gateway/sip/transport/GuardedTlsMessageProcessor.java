package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.NioTlsMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/**
 * JAIN-SIP's NIO TLS listener with the allowlist checked at accept: a connection from outside it is
 * closed before a TLS handshake starts, so an outside source costs no handshake and gets nothing.
 * The TCP read and idle timeouts of {@link TcpConnections} do not cover TLS connections yet (the
 * framing there reads plaintext, which TLS has only after decryption); JAIN-SIP's own idle sweep
 * does. {@link #createMessageChannel} runs on the stack's selector thread.
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
        NioTcpMessageChannel channel = super.createMessageChannel(processor, client);
        InetAddress peer = client.socket().getInetAddress();
        if (peer != null && !guard.allows(peer)) {
            guard.refused(peer, "TLS");
            channel.close();
        }
        return channel;
    }
}
