package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * A SIP-over-TCP connection from outside the allowlist: JAIN-SIP's NIO channel, closed without a
 * byte read or written. {@link #end} runs on the stack's selector thread as the connection is
 * accepted, and so does {@link #readChannel}.
 */
final class GuardedTcpMessageChannel extends NioTcpMessageChannel {

    private volatile boolean ending;

    GuardedTcpMessageChannel(GuardedTcpMessageProcessor processor, SocketChannel socket) throws IOException {
        super(processor, socket);
        // JAIN-SIP's own accept path sets this after construction; close() needs it.
        this.messageProcessor = processor;
    }

    /**
     * Ends the connection: shutting the socket's input down wakes the selector, so that {@link
     * #readChannel} closes the channel on the stack's own thread, where its connection tables are
     * kept. The close resets the connection: the peer is not one to wait for.
     */
    void end() {
        ending = true;
        try {
            socketChannel.setOption(StandardSocketOptions.SO_LINGER, 0);
            socketChannel.shutdownInput();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    @Override
    public void readChannel() {
        if (ending) {
            // Not the stack's read path: on end of stream it would answer the peer's keep-alive.
            close();
            return;
        }
        super.readChannel();
    }
}
