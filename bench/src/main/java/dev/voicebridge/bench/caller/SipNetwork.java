package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.wire.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The callers' side of SIP on loopback: one signalling socket shared by every simulated call (as a
 * Voice Connector's would be), over UDP or, with {@link #tls}, one TLS connection to the gateway's TLS
 * listener; messages routed to their call by Call-ID, and an event loop group for every call's RTP
 * socket. A TLS network is an encrypted trunk: its callers offer SDES-SRTP ({@link #secure}).
 * Hand-written rather than a second SIP stack because the harness needs only INVITE/ACK/BYE from the
 * UAC side and must cost little next to the gateway.
 */
public final class SipNetwork implements AutoCloseable {

    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.group(2);
    private final Channel signalling;
    private final SipTlsConnection tls;
    private final InetSocketAddress gateway;
    private final Map<String, Consumer<SipMessage>> calls = new ConcurrentHashMap<>();

    /** A parsed SIP message: first line, headers (lower-case names, first value), body. */
    public record SipMessage(String firstLine, Map<String, String> headers, String body, String raw) {

        public int status() {
            return firstLine.startsWith("SIP/2.0 ") ? Integer.parseInt(firstLine.substring(8, 11)) : 0;
        }

        public String method() {
            return firstLine.startsWith("SIP/2.0") ? null : firstLine.substring(0, firstLine.indexOf(' '));
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        static SipMessage parse(String text) {
            int bodyAt = text.indexOf("\r\n\r\n");
            String head = bodyAt < 0 ? text : text.substring(0, bodyAt);
            String body = bodyAt < 0 ? "" : text.substring(bodyAt + 4);
            String[] lines = head.split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    String name = lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                    name = switch (name) {
                        case "i" -> "call-id";
                        case "f" -> "from";
                        case "t" -> "to";
                        case "v" -> "via";
                        case "m" -> "contact";
                        case "l" -> "content-length";
                        case "c" -> "content-type";
                        default -> name;
                    };
                    headers.putIfAbsent(name, lines[i].substring(colon + 1).trim());
                }
            }
            return new SipMessage(lines[0], headers, body, text);
        }
    }

    /** SIP over UDP to the gateway's SIP port. */
    public SipNetwork(int gatewaySipPort) {
        this(gatewaySipPort, null);
    }

    /**
     * SIP over TLS to the gateway's TLS port, trusting only {@code certificate} (the run's own), for
     * callers that offer SRTP.
     */
    public static SipNetwork tls(int gatewayTlsPort, X509Certificate certificate) {
        return new SipNetwork(gatewayTlsPort, certificate);
    }

    private SipNetwork(int gatewaySipPort, X509Certificate tlsCertificate) {
        this.gateway = new InetSocketAddress("127.0.0.1", gatewaySipPort);
        if (tlsCertificate != null) {
            this.signalling = null;
            this.tls = new SipTlsConnection(group, transport, gateway, tlsCertificate, this::dispatch);
            return;
        }
        this.tls = null;
        this.signalling = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        dispatch(packet.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    private void dispatch(String text) {
        SipMessage m = SipMessage.parse(text);
        Consumer<SipMessage> call = calls.get(String.valueOf(m.header("call-id")));
        if (call != null) {
            call.accept(m);
        }
    }

    /** The local port messages leave from: the UDP socket's, or the current TLS connection's. */
    public int localPort() {
        return tls != null ? tls.localPort() : ((InetSocketAddress) signalling.localAddress()).getPort();
    }

    /** Whether signalling is over TLS, so callers offer SRTP (the gateway refuses SDES keys in clear). */
    public boolean secure() {
        return tls != null;
    }

    /** The Via transport token and, for URIs, the transport parameter. */
    String transportName() {
        return tls != null ? "TLS" : "UDP";
    }

    public InetSocketAddress gateway() {
        return gateway;
    }

    public EventLoopGroup group() {
        return group;
    }

    void register(String callId, Consumer<SipMessage> handler) {
        calls.put(callId, handler);
    }

    void unregister(String callId) {
        calls.remove(callId);
    }

    /** Sends one SIP message (any text, malformed ones too) to the gateway. */
    public void send(String message) {
        if (tls != null) {
            tls.send(message);
            return;
        }
        ByteBuf buf = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
        signalling.writeAndFlush(new DatagramPacket(buf, gateway));
    }

    /** Opens an RTP socket on a free loopback port. */
    Channel rtp(SimpleChannelInboundHandler<DatagramPacket> handler) {
        return new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .handler(handler)
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        } else {
            signalling.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
