package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.wire.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The callers' SIP over TLS: one TLS connection to the gateway's TLS listener, shared by every call (as
 * a Voice Connector's trunk would be), trusting exactly the certificate the bench made for the run and
 * checking that it names 127.0.0.1. Messages are cut out of the stream by Content-Length (RFC 3261
 * section 18.3). If the gateway closes the connection (its TCP idle timeout), the next message opens a
 * new one (section 18). Any thread may send; messages are read on the connection's event loop.
 */
final class SipTlsConnection implements AutoCloseable {

    private static final int MAX_MESSAGE = 64 * 1024;

    private final EventLoopGroup group;
    private final Transport transport;
    private final InetSocketAddress gateway;
    private final SslContext tls;
    private final Consumer<String> onMessage;
    private volatile Channel channel;
    private volatile boolean closed;

    SipTlsConnection(
            EventLoopGroup group,
            Transport transport,
            InetSocketAddress gateway,
            X509Certificate trusted,
            Consumer<String> onMessage) {
        this.group = group;
        this.transport = transport;
        this.gateway = gateway;
        this.onMessage = onMessage;
        try {
            this.tls = SslContextBuilder.forClient()
                    .trustManager(trusted)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot make the callers' TLS context: " + e.getMessage(), e);
        }
        this.channel = connect();
    }

    /** The local port of the current connection: what Via and Contact name. */
    int localPort() {
        return ((InetSocketAddress) current().localAddress()).getPort();
    }

    void send(String message) {
        current().writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
    }

    private Channel current() {
        Channel c = channel;
        if (c.isActive() || closed) {
            return c;
        }
        synchronized (this) {
            if (!channel.isActive()) {
                channel = connect();
            }
            return channel;
        }
    }

    private Channel connect() {
        Channel c = new Bootstrap()
                .group(group)
                .channel(transport.channel())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(tls.newHandler(ch.alloc(), gateway.getHostString(), gateway.getPort()))
                                .addLast(new Framer())
                                .addLast(new SimpleChannelInboundHandler<String>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, String message) {
                                        onMessage.accept(message);
                                    }
                                });
                    }
                })
                .connect(gateway)
                .syncUninterruptibly()
                .channel();
        // Wait for the handshake, so a refused certificate fails here, naming why, not as silent calls.
        c.pipeline().get(SslHandler.class).handshakeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (!c.pipeline().get(SslHandler.class).handshakeFuture().isSuccess()) {
            Throwable why = c.pipeline().get(SslHandler.class).handshakeFuture().cause();
            c.close();
            throw new IllegalStateException("TLS handshake with the gateway at " + gateway + " failed: "
                    + (why == null ? "timed out" : why.getMessage()));
        }
        return c;
    }

    @Override
    public void close() {
        closed = true;
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }

    /** Cuts whole SIP messages out of the decrypted stream; CRLF keep-alives between them are skipped. */
    static final class Framer extends ByteToMessageDecoder {

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                in.skipBytes(1);
            }
            int end = headEnd(in);
            if (end < 0) {
                if (in.readableBytes() > MAX_MESSAGE) {
                    throw new IllegalStateException("a SIP message head longer than " + MAX_MESSAGE + " bytes");
                }
                return;
            }
            String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
            int total = end + 4 - in.readerIndex() + contentLength(head);
            if (in.readableBytes() < total) {
                return;
            }
            out.add(in.readCharSequence(total, StandardCharsets.UTF_8).toString());
        }

        private static int headEnd(ByteBuf in) {
            for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
                if (in.getByte(i) == '\r'
                        && in.getByte(i + 1) == '\n'
                        && in.getByte(i + 2) == '\r'
                        && in.getByte(i + 3) == '\n') {
                    return i;
                }
            }
            return -1;
        }

        static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    if (name.equals("content-length") || name.equals("l")) {
                        return Integer.parseInt(line.substring(colon + 1).trim());
                    }
                }
            }
            return 0; // RFC 3261 requires it over TCP; the gateway always sends it
        }
    }
}
