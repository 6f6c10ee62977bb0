package dev.voicebridge.gateway.sip.transport;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's socket factory, with one change: the UDP socket the stack listens on is a {@link
 * ScreenedDatagramSocket}, so unwanted datagrams are dropped before the stack reads them. Everything
 * else is JAIN-SIP's default. The stack creates it by class name ({@code
 * gov.nist.javax.sip.NETWORK_LAYER}) and uses it on the thread that starts the SIP endpoint and on
 * its own send paths.
 */
public final class ScreeningNetworkLayer implements NetworkLayer {

    private final NetworkLayer sockets = DefaultNetworkLayer.SINGLETON;
    private TransportGuard guard;

    public ScreeningNetworkLayer() {
        // created by JAIN-SIP through reflection
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        guard = TransportGuard.forStack(stack.getStackName());
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress address) throws SocketException {
        if (address.isMulticastAddress()) {
            return sockets.createDatagramSocket(port, address);
        }
        return new ScreenedDatagramSocket(new InetSocketAddress(address, port), guard);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return sockets.createDatagramSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return sockets.createServerSocket(port, backlog, address);
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return sockets.createSSLServerSocket(port, backlog, address);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return sockets.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return sockets.createSocket(address, port, localAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return sockets.createSocket(address, port, localAddress, localPort);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return sockets.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return sockets.createSSLSocket(address, port, localAddress);
    }
}
