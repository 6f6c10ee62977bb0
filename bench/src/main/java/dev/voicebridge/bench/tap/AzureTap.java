package dev.voicebridge.bench.tap;

import dev.voicebridge.bench.audio.StreamScanner;
import dev.voicebridge.bench.metrics.BenchClock;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
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
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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

    private static final byte[] TYPE = "\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AUDIO = "\"audio\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELTA = "\"delta\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APPEND = "input_audio_buffer.append".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPEECH_STARTED = "input_audio_buffer.speech_started".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GA_DELTA = "response.output_audio.delta".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREVIEW_DELTA = "response.audio.delta".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final int upstreamPort;
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

        Link(Channel client) {
            this.client = client;
        }
    }

    /**
     * @param upstreamPort the simulator's port on 127.0.0.1
     * @param books        the book of a call index (the harness's registry)
     */
    public AzureTap(int upstreamPort, IntFunction<CallBook> books) {
        this.upstreamPort = upstreamPort;
        this.books = books;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ClientSide());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
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
                up.eventLoop().schedule(() -> {
                    up.config().setAutoRead(true);
                    up.read();
                }, duration.toMillis(), TimeUnit.MILLISECONDS);
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
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new UpstreamSide(link))
                    .connect("127.0.0.1", upstreamPort)
                    .addListener((ChannelFutureListener) f -> {
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
                up.writeAndFlush(buf);
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
                link.client.writeAndFlush(buf);
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

    private void fromGateway(Link link, byte[] json, int length) {
        if (!typeIs(json, length, APPEND)) {
            return;
        }
        ByteBuffer audio = field(json, length, AUDIO);
        if (audio == null) {
            return;
        }
        long now = BenchClock.micros();
        byte[] pcm = decode(audio);
        link.upScanner.accept(pcm, (call, seq, sent) -> {
            link.call = call;
            CallBook book = books.apply(call);
            if (book != null) {
                book.seenUp(seq, now);
                Metrics m = metrics[0];
                if (m != null) {
                    m.upSeen.increment();
                    m.upLatency(now - sent);
                }
            }
        });
    }

    private void fromAzure(Link link, byte[] json, int length) {
        if (typeIs(json, length, GA_DELTA) || typeIs(json, length, PREVIEW_DELTA)) {
            ByteBuffer audio = field(json, length, DELTA);
            if (audio == null) {
                return;
            }
            long now = BenchClock.micros();
            link.downScanner.accept(decode(audio), (call, seq, sent) -> {
                CallBook book = books.apply(call);
                if (book != null) {
                    book.sentDown(seq, now);
                }
            });
        } else if (typeIs(json, length, SPEECH_STARTED) && link.call >= 0) {
            CallBook book = books.apply(link.call);
            if (book != null) {
                book.speechStarted(BenchClock.micros());
            }
        }
    }

    private static byte[] decode(ByteBuffer base64) {
        ByteBuffer out = Base64.getDecoder().decode(base64);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** Whether the first "type" field of the message has this value. */
    private static boolean typeIs(byte[] json, int length, byte[] value) {
        int at = indexOf(json, length, TYPE, 0);
        if (at < 0) {
            return false;
        }
        int start = at + TYPE.length;
        if (start + value.length >= length || json[start + value.length] != '"') {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (json[start + i] != value[i]) {
                return false;
            }
        }
        return true;
    }

    /** The raw string value of a field (base64 needs no unescaping). */
    private static ByteBuffer field(byte[] json, int length, byte[] name) {
        int at = indexOf(json, length, name, 0);
        if (at < 0) {
            return null;
        }
        int start = at + name.length;
        int end = start;
        while (end < length && json[end] != '"') {
            end++;
        }
        return ByteBuffer.wrap(json, start, end - start);
    }

    private static int indexOf(byte[] hay, int length, byte[] needle, int from) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
