package dev.voicebridge.bench.tap;

import static dev.voicebridge.bench.wire.RealtimeWire.APPEND;
import static dev.voicebridge.bench.wire.RealtimeWire.AUDIO;
import static dev.voicebridge.bench.wire.RealtimeWire.DELTA;
import static dev.voicebridge.bench.wire.RealtimeWire.GA_AUDIO_DELTA;
import static dev.voicebridge.bench.wire.RealtimeWire.PREVIEW_AUDIO_DELTA;
import static dev.voicebridge.bench.wire.RealtimeWire.SPEECH_STARTED;
import static dev.voicebridge.bench.wire.RealtimeWire.TYPE;

import dev.voicebridge.bench.audio.Stamp;
import dev.voicebridge.bench.audio.StreamScanner;
import dev.voicebridge.bench.metrics.BenchClock;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import dev.voicebridge.bench.wire.Base64Bytes;
import dev.voicebridge.bench.wire.JsonBytes;
import dev.voicebridge.bench.wire.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A TCP proxy on loopback between the gateway and the Realtime simulator that watches the WebSocket
 * traffic without changing it: the Azure side of the gateway. It reads the stamps in every
 * {@code input_audio_buffer.append} (caller audio arriving at Azure: uplink latency) and in every
 * audio delta (model audio leaving Azure, to be matched when the caller hears it: downlink latency),
 * and notes {@code speech_started} so barge-in flushes are not counted as loss. The baseline run
 * goes through the same tap, so its own cost is in both figures.
 *
 * <p>It is also where Azure faults are made: {@link #dropAll()} resets every Azure socket (a dropped
 * connection, no close frame) and {@link #stall(Duration)} stops Azure's output for a while.
 */
public final class AzureTap implements AutoCloseable {

    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.group(1);
    private final Channel server;
    private final java.net.SocketAddress upstream;
    private final IntFunction<CallBook> books;
    private final Metrics[] metrics = new Metrics[1];
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();

    /** One proxied connection: the gateway's socket and the simulator's. */
    private final class Link {
        final Channel client;
        volatile Channel upstream;
        volatile int call = -1;
        final StreamScanner upScanner = new StreamScanner();
        final StreamScanner downScanner = new StreamScanner();
        /** Decoded audio of the message being read; only the tap's one event loop touches it. */
        byte[] audio = new byte[4096];

        long upNow;
        long downNow;
        final Stamp.Sink upSink = (call, seq, sent) -> upStamp(this, call, seq, sent);
        final Stamp.Sink downSink = (call, seq, sent) -> downStamp(this, call, seq);

        Link(Channel client) {
            this.client = client;
        }
    }

    /**
     * @param upstreamPort the simulator's port on 127.0.0.1
     * @param books        the book of a call index (the harness's registry)
     */
    public AzureTap(int upstreamPort, IntFunction<CallBook> books) {
        this(new java.net.InetSocketAddress("127.0.0.1", upstreamPort), books);
    }

    /**
     * @param upstream the simulator: 127.0.0.1:port, or a Unix domain socket (with native epoll), which
     *                 spares the harness a TCP stack per message on a hop that is not being measured
     * @param books    the book of a call index (the harness's registry)
     */
    public AzureTap(java.net.SocketAddress upstream, IntFunction<CallBook> books) {
        this.upstream = upstream;
        this.books = books;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ClientSide());
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    /** Where the gateway's AZURE_OPENAI_ENDPOINT points: http://127.0.0.1:&lt;port&gt;. */
    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    public void metrics(Metrics m) {
        metrics[0] = m;
    }

    public long connections() {
        return connections.get();
    }

    public int open() {
        return links.size();
    }

    public long drops() {
        return drops.get();
    }

    /** Resets every Azure connection with no close frame, as a network failure would. */
    public void dropAll() {
        for (Link link : links) {
            drops.incrementAndGet();
            link.client.config().setOption(ChannelOption.SO_LINGER, 0);
            link.client.close();
            Channel up = link.upstream;
            if (up != null) {
                up.close();
            }
        }
    }

    /** Azure goes quiet: nothing reaches the gateway for {@code duration}, then the backlog flows. */
    public void stall(Duration duration) {
        for (Link link : links) {
            Channel up = link.upstream;
            if (up != null) {
                up.config().setAutoRead(false);
                up.eventLoop()
                        .schedule(
                                () -> {
                                    up.config().setAutoRead(true);
                                    up.read();
                                },
                                duration.toMillis(),
                                TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    // ---- the gateway's side -----------------------------------------------------------------------

    private final class ClientSide extends ChannelInboundHandlerAdapter {
        private Link link;
        private WebSocketSniffer sniffer;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            connections.incrementAndGet();
            Channel client = ctx.channel();
            link = new Link(client);
            links.add(link);
            sniffer = new WebSocketSniffer((bytes, length) -> fromGateway(link, bytes, length));
            Bootstrap upstreamSide = new Bootstrap().group(client.eventLoop()).handler(new UpstreamSide(link));
            if (upstream instanceof io.netty.channel.unix.DomainSocketAddress) {
                upstreamSide.channel(transport.domainSocketChannel());
            } else {
                upstreamSide.channel(transport.channel()).option(ChannelOption.TCP_NODELAY, true);
            }
            upstreamSide.connect(upstream).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    link.upstream = f.channel();
                    client.config().setAutoRead(true);
                    client.read();
                } else {
                    client.close();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            sniffer.read(buf);
            Channel up = link.upstream;
            if (up != null && up.isActive()) {
                up.writeAndFlush(buf, up.voidPromise()); // no future per message: failures close the link anyway
            } else {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            links.remove(link);
            Channel up = link.upstream;
            if (up != null) {
                up.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- the simulator's side ---------------------------------------------------------------------

    private final class UpstreamSide extends ChannelInboundHandlerAdapter {
        private final Link link;
        private final WebSocketSniffer sniffer;

        UpstreamSide(Link link) {
            this.link = link;
            this.sniffer = new WebSocketSniffer((bytes, length) -> fromAzure(link, bytes, length));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            sniffer.read(buf);
            if (link.client.isActive()) {
                link.client.writeAndFlush(buf, link.client.voidPromise());
            } else {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            link.client.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- what the messages say --------------------------------------------------------------------
    // Read straight from the message bytes the sniffer already holds: no String, no JSON tree, and the
    // base64 decoded into the link's own buffer, so reading a stamp allocates nothing.

    private void fromGateway(Link link, byte[] json, int length) {
        if (!JsonBytes.fieldIs(json, length, TYPE, APPEND)) {
            return;
        }
        int n = audio(link, json, length, AUDIO);
        if (n > 0) {
            link.upNow = BenchClock.micros();
            link.upScanner.accept(link.audio, 0, n, link.upSink);
        }
    }

    private void fromAzure(Link link, byte[] json, int length) {
        if (JsonBytes.fieldIs(json, length, TYPE, GA_AUDIO_DELTA)
                || JsonBytes.fieldIs(json, length, TYPE, PREVIEW_AUDIO_DELTA)) {
            int n = audio(link, json, length, DELTA);
            if (n > 0) {
                link.downNow = BenchClock.micros();
                link.downScanner.accept(link.audio, 0, n, link.downSink);
            }
        } else if (JsonBytes.fieldIs(json, length, TYPE, SPEECH_STARTED) && link.call >= 0) {
            CallBook book = books.apply(link.call);
            if (book != null) {
                book.speechStarted(BenchClock.micros());
            }
        }
    }

    /** Decodes a base64 field into the link's buffer; returns the byte count, or -1 if there is none. */
    private static int audio(Link link, byte[] json, int length, byte[] key) {
        int start = JsonBytes.valueStart(json, length, key);
        if (start < 0) {
            return -1;
        }
        int end = JsonBytes.stringEnd(json, length, start);
        int max = Base64Bytes.maxDecoded(end - start);
        if (link.audio.length < max) {
            link.audio = new byte[Math.max(max, link.audio.length * 2)];
        }
        return Base64Bytes.decode(json, start, end, link.audio);
    }

    private void upStamp(Link link, int call, int seq, long sent) {
        link.call = call;
        CallBook book = books.apply(call);
        if (book != null) {
            long now = link.upNow;
            Metrics m = metrics[0];
            if (book.seenUp(seq, now) && m != null) {
                m.upSeen.increment();
                m.upLatency(now - sent);
            }
        }
    }

    private void downStamp(Link link, int call, int seq) {
        CallBook book = books.apply(call);
        if (book != null) {
            book.sentDown(seq, link.downNow);
        }
    }
}
