package dev.voicebridge.gateway.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import dev.voicebridge.gateway.sip.tls.SipTlsStack;
import dev.voicebridge.gateway.sip.tls.TestKeystores;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the gateway's TCP and TLS listeners cache a peer's connection. JAIN-SIP caches it when a
 * request on it is first processed, and closes the one it cached before for the same peer; several
 * worker threads process a connection's first requests at once, and each may cache it. Real JAIN-SIP
 * processors and real loopback connections; what runs on the worker threads is called here directly,
 * so the interleaving that lost a Voice Connector's concurrent INVITEs happens every time.
 */
class ConnectionCachingTest {

    private static final String STACK = "connection-caching-test";

    @TempDir
    static Path dir;

    private static SipTlsStack tls;
    private static SipStackImpl stack;
    private static TransportGuard guard;

    @BeforeAll
    static void createStack() throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 60);
        Clock clock = Clock.fixed(
                TestKeystores.certificate(keystore).getNotBefore().toInstant().plusSeconds(3600), ZoneOffset.UTC);
        tls = SipTlsStack.prepare(
                new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "", ""),
                clock,
                STACK,
                "127.0.0.1");
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", STACK);
        tls.addTo(properties);
        stack = new SipStackImpl(properties);
        guard = new TransportGuard(source -> true, 16384, Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.stop();
        }
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void shouldKeepATcpConnectionOpenWhenTwoOfItsFirstRequestsCacheItAtOnce() throws Exception {
        GuardedTcpMessageProcessor processor =
                new GuardedTcpMessageProcessor(InetAddress.getLoopbackAddress(), stack, 0, guard);
        try (Connection connection = new Connection()) {
            // Given a connection a peer opened to the TCP listener
            ConnectionOrientedMessageChannel channel =
                    new GuardedTcpMessageChannel(processor, connection.accepted, guard.connections());

            assertStaysOpenWhenCachedTwice(processor, channel, connection);
        }
    }

    @Test
    void shouldKeepATlsConnectionOpenWhenTwoOfItsFirstRequestsCacheItAtOnce() throws Exception {
        GuardedTlsMessageProcessor processor =
                new GuardedTlsMessageProcessor(InetAddress.getLoopbackAddress(), stack, 0, guard);
        try (Connection connection = new Connection()) {
            // Given a connection a peer opened to the TLS listener
            ConnectionOrientedMessageChannel channel =
                    new GuardedTlsMessageChannel(processor, connection.accepted, guard.connections());

            assertStaysOpenWhenCachedTwice(processor, channel, connection);
        }
    }

    @Test
    void shouldStillCloseTheConnectionCachedBeforeForTheSamePeerAndPort() throws Exception {
        GuardedTcpMessageProcessor processor =
                new GuardedTcpMessageProcessor(InetAddress.getLoopbackAddress(), stack, 0, guard);
        try (Connection connection = new Connection()) {
            // Given a cached connection, and another channel that names the same peer address and port
            ConnectionOrientedMessageChannel old =
                    new GuardedTcpMessageChannel(processor, connection.accepted, guard.connections());
            cache(processor, old);
            ConnectionOrientedMessageChannel next =
                    new GuardedTcpMessageChannel(processor, connection.accepted, guard.connections());
            assertThat(next.getKey()).isEqualTo(old.getKey());

            // When the new one is cached, Then JAIN-SIP's replacement still happens: the old one is closed
            cache(processor, next);
            assertThat(connection.accepted.isOpen()).isFalse();
        }
    }

    private static void assertStaysOpenWhenCachedTwice(
            NioTcpMessageProcessor processor, ConnectionOrientedMessageChannel channel, Connection connection)
            throws Exception {
        // When the first two requests on it, processed together, both find it not cached yet and cache it
        cache(processor, channel);
        cache(processor, channel);

        // Then the connection stays open, so the answers to both requests can go back on it
        assertThat(connection.accepted.isOpen()).isTrue();
        connection.peer.configureBlocking(false);
        assertThat(connection.peer.read(ByteBuffer.allocate(1)))
                .as("the peer's side of the connection is not at end of stream")
                .isZero();
    }

    /**
     * What a worker thread does on a connection's first request. The hook is protected in JAIN-SIP,
     * so it is called reflectively; the call dispatches to the listener's own override, as the stack's does.
     */
    private static void cache(NioTcpMessageProcessor processor, ConnectionOrientedMessageChannel channel)
            throws Exception {
        Method cache = ConnectionOrientedMessageProcessor.class.getDeclaredMethod(
                "cacheMessageChannel", ConnectionOrientedMessageChannel.class);
        cache.setAccessible(true);
        cache.invoke(processor, channel);
    }

    /** A loopback TCP connection: the peer's end and the end the listener accepted. */
    private static final class Connection implements AutoCloseable {

        private final ServerSocketChannel listener;
        final SocketChannel peer;
        final SocketChannel accepted;

        Connection() throws Exception {
            listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer = SocketChannel.open(listener.getLocalAddress());
            accepted = listener.accept();
            accepted.configureBlocking(false);
        }

        @Override
        public void close() throws Exception {
            peer.close();
            accepted.close();
            listener.close();
        }
    }
}
