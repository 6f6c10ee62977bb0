package dev.voicebridge.gateway.sip.transport;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.io.IOException;
import java.net.InetAddress;
import javax.sip.ListeningPoint;

/**
 * JAIN-SIP's NIO message processors, with {@link GuardedTcpMessageProcessor} for TCP and {@link
 * GuardedTlsMessageProcessor} for TLS (UDP is guarded by {@link ScreeningNetworkLayer}). The stack creates it by class name
 * ({@code gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY}) and calls it while listening points are
 * created, on the thread that starts the SIP endpoint.
 */
public final class GuardedMessageProcessorFactory extends NioMessageProcessorFactory {

    public GuardedMessageProcessorFactory() {
        // created by JAIN-SIP through reflection
    }

    @Override
    public MessageProcessor createMessageProcessor(
            SIPTransactionStack stack, InetAddress address, int port, String transport) throws IOException {
        if (ListeningPoint.TCP.equalsIgnoreCase(transport)) {
            TransportGuard guard = TransportGuard.forStack(((SipStackImpl) stack).getStackName());
            return new GuardedTcpMessageProcessor(address, stack, port, guard);
        }
        if (ListeningPoint.TLS.equalsIgnoreCase(transport)) {
            TransportGuard guard = TransportGuard.forStack(((SipStackImpl) stack).getStackName());
            return new GuardedTlsMessageProcessor(address, stack, port, guard);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
