package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.rtp.RtpMedia;
import dev.voicebridge.gateway.rtp.RtpProperties;
import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import dev.voicebridge.gateway.sip.tls.SipTlsStack;
import dev.voicebridge.gateway.sip.transport.TransportGuard;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's SIP endpoint: a JAIN-SIP stack listening on UDP, TCP and/or TLS, the {@link SipUas} that
 * answers calls, and the RTP media they use. {@link #start} and {@link #stop} bracket its life; stop
 * hangs up every call with BYE before the stack goes away. The stack's sockets sit behind a {@link
 * TransportGuard} (allowlist, malformed datagrams, TCP read and idle timeouts) and its requests behind
 * {@link SipGuardValve}.
 */
public final class SipServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final SipProperties properties;
    private final SipTlsProperties tlsProperties;
    private final Clock clock;
    private final RtpProperties rtpProperties;
    private final CallSessions sessions;
    private SipTlsStack tls;
    private final String stackName = "voicebridge-" + INSTANCES.incrementAndGet();
    private SipStack stack;
    private RtpMedia media;
    private SipUas uas;
    private ScheduledExecutorService timers;
    private SipGuardValve.Policy policy;
    private TransportGuard transportGuard;
    private int port;
    private String advertisedAddress;

    /** An endpoint without TLS settings (it cannot listen on TLS). */
    public SipServer(SipProperties properties, RtpProperties rtpProperties, CallSessions sessions) {
        this(properties, SipTlsProperties.none(), null, rtpProperties, sessions);
    }

    /** {@code clock} checks the TLS certificate's dates at start-up. */
    public SipServer(
            SipProperties properties,
            SipTlsProperties tlsProperties,
            Clock clock,
            RtpProperties rtpProperties,
            CallSessions sessions) {
        this.properties = properties;
        this.tlsProperties = tlsProperties;
        this.clock = clock;
        this.rtpProperties = rtpProperties;
        this.sessions = sessions;
    }

    public synchronized void start() {
        if (stack != null) {
            return;
        }
        CidrAllowlist allowlist = CidrAllowlist.of(properties.allowedCidrs());
        if (allowlist.allowsAll()) {
            log.warn(
                    "voicebridge.sip.allowed-cidrs (GATEWAY_SIP_ALLOWED_CIDRS) is empty: SIP and RTP are accepted from "
                            + "ANY address. Set it to your region's Voice Connector signalling and media ranges.");
        }
        port = properties.port() != 0 ? properties.port() : freeUdpAndTcpPort(properties.bindAddress());
        advertisedAddress = advertisedAddress();
        if (properties.transports().contains(SipProperties.Transport.TLS)) {
            tls = SipTlsStack.prepare(tlsProperties, clock, stackName, properties.bindAddress());
        }
        policy = new SipGuardValve.Policy(allowlist, properties.maxMessageBytes());
        SipGuardValve.register(stackName, policy);
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sip-timers");
            t.setDaemon(true);
            return t;
        });
        transportGuard = new TransportGuard(
                allowlist::allows,
                properties.maxMessageBytes(),
                properties.tcpReadTimeout(),
                properties.tcpIdleTimeout());
        transportGuard.install(stackName, timers);
        media = new RtpMedia(rtpProperties, properties.bindAddress());
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            stack = factory.createSipStack(stackProperties());
            SipProvider provider = null;
            for (SipProperties.Transport transport : properties.transports()) {
                int lpPort = transport == SipProperties.Transport.TLS ? tls.port() : port;
                ListeningPoint lp = stack.createListeningPoint(
                        properties.bindAddress(), lpPort, transport.name().toLowerCase());
                lp.setSentBy(hostForSentBy() + ":" + lpPort);
                if (provider == null) {
                    provider = stack.createSipProvider(lp);
                } else {
                    provider.addListeningPoint(lp);
                }
            }
            SipMessages messages = new SipMessages(
                    factory.createMessageFactory(),
                    factory.createHeaderFactory(),
                    factory.createAddressFactory(),
                    advertisedAddress,
                    port,
                    tlsPort(),
                    properties.userAgent());
            uas = new SipUas(properties, sessions, media, timers, provider, messages);
            provider.addSipListener(uas);
            stack.start();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException(
                    "SIP endpoint could not listen on " + properties.bindAddress() + ":" + port + " "
                            + properties.transports() + ": " + e.getMessage(),
                    e);
        }
        log.info(
                "SIP endpoint listening on {}:{} {}, advertising {}; RTP ports {}..{}",
                properties.bindAddress(),
                port,
                properties.transports(),
                advertisedAddress,
                rtpProperties.portMin(),
                rtpProperties.portMax());
        if (tls != null) {
            log.info("SIP over TLS listening on {}:{}", properties.bindAddress(), tls.port());
        }
    }

    /** Hangs up every call (BYE), then closes the stack and the RTP sockets. */
    public synchronized void stop() {
        if (uas != null) {
            List<SipCall> remaining = new ArrayList<>(uas.calls());
            if (!remaining.isEmpty()) {
                log.info("Stopping SIP endpoint: hanging up {} call(s)", remaining.size());
            }
            for (SipCall call : remaining) {
                uas.end(call, EndReason.DRAINED, true);
            }
        }
        if (stack != null) {
            stack.stop();
            stack = null;
        }
        if (media != null) {
            media.close();
            media = null;
        }
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
        if (tls != null) {
            tls.close();
            tls = null;
        }
        SipGuardValve.unregister(stackName);
        if (transportGuard != null) {
            transportGuard.uninstall();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The SIP port actually listened on (useful when configured as 0). */
    public int port() {
        return port;
    }

    /** The SIP over TLS port listened on; 0 without TLS. */
    public int tlsPort() {
        return tls == null ? 0 : tls.port();
    }

    public int activeCalls() {
        return uas == null ? 0 : uas.activeCalls();
    }

    /** SIP counters; empty before start. */
    public SipStats stats() {
        return uas == null ? new SipStats() : uas.stats();
    }

    /** RTP counters over all calls; null before start. */
    public dev.voicebridge.gateway.rtp.RtpTotals rtpTotals() {
        return media == null ? null : media.totals();
    }

    public int rtpPairCapacity() {
        return media == null ? 0 : media.pairCapacity();
    }

    public int rtpPairsInUse() {
        return media == null ? 0 : media.pairsInUse();
    }

    /** Datagrams, TCP connections and requests refused by the allowlist so far. */
    public long rejectedSources() {
        return (transportGuard == null ? 0 : transportGuard.refusedSources())
                + (policy == null ? 0 : policy.rejectedSources());
    }

    /** Malformed messages dropped or reported before the stack parsed them. */
    public long malformedMessages() {
        return transportGuard == null ? 0 : transportGuard.malformedMessages();
    }

    /** TLS connections whose handshake (or a later record) failed to decrypt so far. */
    public long refusedTlsConnections() {
        return transportGuard == null ? 0 : transportGuard.refusedTlsConnections();
    }

    /** TCP and TLS connections closed by the read or idle timeout so far. */
    public long timedOutConnections() {
        return transportGuard == null ? 0 : transportGuard.timedOutConnections();
    }

    /** TCP and TLS connections peers have open to this endpoint now. */
    public int openTcpConnections() {
        return transportGuard == null ? 0 : transportGuard.openConnections();
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(properties.threads()));
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE", Integer.toString(properties.threads()));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(properties.maxMessageBytes()));
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", SipGuardValve.class.getName());
        TransportGuard.configure(p);
        p.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // Bound the state one peer can pin down. (MAX_CONNECTIONS is only honoured by the blocking
        // transports; TCP connections are bounded in time by the transport guard instead.)
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(properties.maxDialogs() * 4));
        // READ_TIMEOUT only applies to JAIN-SIP's blocking TCP transport, so the transport guard times
        // out reads and idle connections a peer opened. The stack's own idle sweep stays as a backstop
        // for connections the gateway opened itself (to send a BYE).
        p.setProperty(
                "gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME",
                Long.toString(properties.tcpIdleTimeout().toMillis() * 2));
        p.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        p.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        if (tls != null) {
            tls.addTo(p);
        }
        return p;
    }

    private String advertisedAddress() {
        if (!properties.publicAddress().isEmpty()) {
            return properties.publicAddress();
        }
        try {
            InetAddress bind = InetAddress.getByName(properties.bindAddress());
            if (!bind.isAnyLocalAddress()) {
                return bind.getHostAddress();
            }
            String local = InetAddress.getLocalHost().getHostAddress();
            log.warn(
                    "voicebridge.sip.public-address (GATEWAY_PUBLIC_ADDRESS) is empty and SIP binds to all interfaces: "
                            + "advertising {} in SDP and Contact. Behind NAT, set the public address.",
                    local);
            return local;
        } catch (IOException e) {
            throw new IllegalStateException("cannot work out an address to advertise; set GATEWAY_PUBLIC_ADDRESS", e);
        }
    }

    private String hostForSentBy() {
        return advertisedAddress.contains(":") ? "[" + advertisedAddress + "]" : advertisedAddress;
    }

    /** A port free for both UDP and TCP right now (SIP listens on both with one number). */
    static int freeUdpAndTcpPort(String bindAddress) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(bindAddress, 0));
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bindAddress, candidate))) {
                    return candidate;
                }
            } catch (IOException e) {
                // taken for one of the two: try another
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + bindAddress);
    }
}
