package dev.voicebridge.gateway.rtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the RTP port range and the event loops every call's RTP runs on. One call's RTP and RTCP
 * sockets share one event loop, so a call's media state is only ever touched by one thread.
 */
public final class RtpMedia implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtpMedia.class);
    private static final int MAX_BIND_ATTEMPTS = 16;

    private final RtpProperties properties;
    private final String bindAddress;
    private final RtpPortAllocator ports;
    private final EventLoopGroup group;
    private final RtpTotals totals = new RtpTotals();

    public RtpMedia(RtpProperties properties, String bindAddress) {
        this.properties = properties;
        this.bindAddress = bindAddress;
        this.ports = new RtpPortAllocator(properties.portMin(), properties.portMax());
        this.group = new MultiThreadIoEventLoopGroup(
                properties.ioThreads(), new DefaultThreadFactory("rtp"), NioIoHandler.newFactory());
    }

    /**
     * Binds an RTP/RTCP pair for a new call.
     *
     * @throws RtpPortsExhaustedException when no pair in the range is free
     */
    public RtpSession open(String callId) {
        for (int attempt = 0; attempt < MAX_BIND_ATTEMPTS; attempt++) {
            OptionalInt port = ports.acquire();
            if (port.isEmpty()) {
                break;
            }
            EventLoop loop = group.next();
            RtpSession session = new RtpSession(callId, properties, loop, port.getAsInt(), this::release, totals);
            Channel rtp = null;
            try {
                rtp = bind(loop, port.getAsInt(), session.rtpHandler());
                Channel rtcp = bind(loop, port.getAsInt() + 1, session.rtcpHandler());
                session.attach(rtp, rtcp);
                return session;
            } catch (Exception e) {
                // Another process holds a port of the pair: try the next pair. Netty's sync rethrows
                // the bind's BindException as it is, a checked exception the compiler cannot see, so
                // catching RuntimeException let it escape and cost the call its set-up.
                log.warn(
                        "RTP port pair {}/{} is taken by another process: {}",
                        port.getAsInt(),
                        port.getAsInt() + 1,
                        e.toString());
                if (rtp != null) {
                    rtp.close();
                }
                ports.release(port.getAsInt());
            }
        }
        throw new RtpPortsExhaustedException("no free RTP port pair in " + properties.portMin() + ".."
                + properties.portMax() + " (" + ports.inUse() + " of " + ports.capacity() + " pairs in use)");
    }

    public RtpTotals totals() {
        return totals;
    }

    public int pairCapacity() {
        return ports.capacity();
    }

    public int pairsInUse() {
        return ports.inUse();
    }

    private Channel bind(EventLoop loop, int port, io.netty.channel.ChannelHandler handler) {
        return new Bootstrap()
                .group(loop)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                .handler(handler)
                .bind(new InetSocketAddress(bindAddress, port))
                .syncUninterruptibly()
                .channel();
    }

    private void release(int port) {
        ports.release(port);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
