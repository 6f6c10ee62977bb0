package dev.voicebridge.gateway.sip.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the gateway enforces on one SIP stack's sockets before JAIN-SIP parses a byte: the source
 * allowlist on every datagram and every accepted TCP connection, malformed datagrams dropped with a
 * brief log line, and read and idle timeouts on TCP and TLS connections ({@link TcpConnections}). Through
 * {@link #configure} the stack creates its sockets with {@link ScreeningNetworkLayer} and {@link
 * GuardedMessageProcessorFactory}; JAIN-SIP instantiates those by class name, so they find this guard
 * under the stack's name, registered by {@link #install} before the stack is created.
 *
 * <p>Read from the stack's receive, selector and worker threads and the SIP timer thread; safe from
 * any thread.
 */
public final class TransportGuard {

    private static final Map<String, TransportGuard> BY_STACK = new ConcurrentHashMap<>();

    private final Predicate<InetAddress> allowlist;
    private final RefusedInputLog inputLog = new RefusedInputLog();
    private final TcpConnections connections;
    private final AtomicLong refusedSources = new AtomicLong();
    private final AtomicLong malformedDatagrams = new AtomicLong();
    private String stackName;

    /**
     * @param allowlist       whether a source address may talk SIP to the gateway at all
     * @param maxMessageBytes the largest message taken (and the stack's UDP receive buffer)
     * @param tcpReadTimeout  the longest a request may take to arrive over TCP, from its first byte
     * @param tcpIdleTimeout  the longest a TCP connection may stay open with nothing received
     */
    public TransportGuard(
            Predicate<InetAddress> allowlist, int maxMessageBytes, Duration tcpReadTimeout, Duration tcpIdleTimeout) {
        this.allowlist = allowlist;
        this.connections = new TcpConnections(tcpReadTimeout, tcpIdleTimeout, maxMessageBytes, inputLog);
    }

    /** Sets the stack properties that put this guard in front of the stack's sockets. */
    public static void configure(Properties stackProperties) {
        stackProperties.setProperty(
                "gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", GuardedMessageProcessorFactory.class.getName());
        stackProperties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", ScreeningNetworkLayer.class.getName());
    }

    /** Makes this the guard of the stack named {@code stackName}, and starts the TCP sweep on {@code timer}. */
    public synchronized void install(String stackName, ScheduledExecutorService timer) {
        this.stackName = stackName;
        BY_STACK.put(stackName, this);
        connections.start(timer);
    }

    public synchronized void uninstall() {
        connections.stop();
        if (stackName != null) {
            BY_STACK.remove(stackName, this);
        }
    }

    static TransportGuard forStack(String stackName) {
        TransportGuard guard = BY_STACK.get(stackName);
        if (guard == null) {
            throw new IllegalStateException("no SIP transport guard installed for stack " + stackName);
        }
        return guard;
    }

    /** Datagrams and TCP connections refused because their source is outside the allowlist. */
    public long refusedSources() {
        return refusedSources.get();
    }

    /** Malformed messages dropped or reported before the stack parsed them. */
    public long malformedMessages() {
        return malformedDatagrams.get() + connections.malformed();
    }

    /** TLS connections whose handshake or a later record failed to decrypt. */
    public long refusedTlsConnections() {
        return connections.tlsRefused();
    }

    /** TCP and TLS connections closed by the read or idle timeout. */
    public long timedOutConnections() {
        return connections.timedOut();
    }

    /** TCP and TLS connections peers have open now. */
    public int openConnections() {
        return connections.size();
    }

    boolean allows(InetAddress source) {
        return source != null && allowlist.test(source);
    }

    void refused(InetAddress source, String transport) {
        refusedSources.incrementAndGet();
        inputLog.refusedSource(source, transport);
    }

    void malformed(InetAddress source, String transport, long bytes, String fault) {
        malformedDatagrams.incrementAndGet();
        inputLog.malformed(source, transport, bytes, fault);
    }

    TcpConnections connections() {
        return connections;
    }
}
