package dev.voicebridge.gateway.rtp;

import dev.voicebridge.gateway.audio.FrameAssembler;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP and RTCP: receives the caller's packets (source check, jitter buffer, DTMF,
 * framing), sends the gateway's frames when the call session's clock says so, watches for a media
 * timeout and sends RTCP reports. When the call negotiated SRTP, every packet goes through its
 * {@link SrtpProtection}: unprotected on arrival before anything reads it, protected just before it is
 * written. Every method may be called from any thread; the work runs on the call's event loop, which
 * is the only thread that touches its state.
 */
public final class RtpSession {

    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Counters for the call's end-of-call log line and tests. */
    public record Stats(
            long packetsIn,
            long packetsOut,
            long framesDelivered,
            long dtmfIn,
            long rejectedSource,
            long malformed,
            long srtpRejected,
            JitterBuffer.Stats jitter) {}

    private final String callId;
    private final RtpProperties properties;
    private final EventLoop loop;
    private final int localPort;
    private final IntConsumer onClose;
    private final RtpTotals totals;
    private Channel rtp;
    private Channel rtcp;
    private Codec codec;
    private RemoteMedia remote;
    private final InboundGate gate;
    private SrtpProtection srtp;
    private RtpSessionListener listener;
    private JitterBuffer jitter;
    private FrameAssembler assembler;
    private OutboundStream out;
    private ScheduledFuture<?> timeoutCheck;
    private ScheduledFuture<?> rtcpReports;
    private ScheduledFuture<?> jitterFlush;
    private long lastCallerPacketNanos;
    private long lastDtmfTimestamp = -1;
    private long lastDtmfSsrc = -1;
    private volatile boolean closed;
    private volatile boolean started;
    private boolean timedOut;
    private long packetsIn;
    private long framesDelivered;
    private long dtmfIn;
    private long malformed;

    RtpSession(
            String callId,
            RtpProperties properties,
            EventLoop loop,
            int localPort,
            IntConsumer onClose,
            RtpTotals totals) {
        this.totals = totals;
        this.gate = new InboundGate(totals);
        this.callId = callId;
        this.properties = properties;
        this.loop = loop;
        this.localPort = localPort;
        this.onClose = onClose;
    }

    void attach(Channel rtp, Channel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    /** The local RTP port (RTCP is the next one), to advertise in SDP. */
    public int localPort() {
        return localPort;
    }

    /**
     * Starts media: from now on the caller's packets are delivered and the gateway's frames sent.
     * Called once, as the call is answered. Completes, on the event loop, once it has taken effect:
     * packets that arrive before it are not delivered, so the answer must wait for it.
     */
    public CompletableFuture<Void> start(Codec codec, RemoteMedia remote, RtpSessionListener listener) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        loop.execute(() -> withCallId(() -> {
            if (closed || this.listener != null) {
                started.complete(null);
                return;
            }
            this.codec = codec;
            this.remote = remote;
            gate.start(remote, srtp);
            this.listener = listener;
            this.jitter = new JitterBuffer(
                    properties.jitterPackets(), properties.jitterDelay().toNanos());
            this.assembler = new FrameAssembler(codec.format());
            this.out = new OutboundStream(
                    RANDOM.nextInt() & 0xFFFF_FFFFL,
                    RANDOM.nextInt(0x10000),
                    RANDOM.nextInt() & 0xFFFF_FFFFL,
                    codec.payloadType(),
                    codec.eventPayloadType(),
                    codec.format().silence(codec.format().frameBytes()));
            this.lastCallerPacketNanos = System.nanoTime();
            this.started = true;
            long checkMillis = Math.min(1000, properties.mediaTimeout().toMillis() / 4);
            timeoutCheck = loop.scheduleAtFixedRate(
                    () -> withCallId(this::checkMediaTimeout), checkMillis, checkMillis, TimeUnit.MILLISECONDS);
            long rtcpMillis = properties.rtcpInterval().toMillis();
            rtcpReports = loop.scheduleAtFixedRate(
                    () -> withCallId(this::sendReport), rtcpMillis, rtcpMillis, TimeUnit.MILLISECONDS);
            log.info(
                    "{} started on port {} with {} pt {} (telephone-event pt {}), caller media at {}",
                    srtp == null ? "RTP" : "SRTP (" + srtp.suite() + ")",
                    localPort,
                    codec.format().encoding(),
                    codec.payloadType(),
                    codec.eventPayloadType(),
                    remote.rtp());
            started.complete(null);
        }));
        return started;
    }

    /**
     * Protects this call's media with SRTP from the start: call before {@link #start} (the event loop
     * runs the two in order). Later calls are ignored, so a call never falls back to plain RTP.
     */
    public void protect(SrtpProtection protection) {
        loop.execute(() -> withCallId(() -> {
            if (srtp == null && listener == null && !closed) {
                srtp = protection;
            }
        }));
    }

    /** A re-offer brought a new caller key: what the caller sends from now on is read with it. */
    public void rekeyInbound(MasterKey callerKey) {
        loop.execute(() -> withCallId(() -> {
            if (srtp != null) {
                srtp.rekeyInbound(callerKey);
                log.info("SRTP: the caller's key changed");
            }
        }));
    }

    /** Whether {@link #start} has taken effect: packets before it are not the caller's audio yet. */
    public boolean isStarted() {
        return started;
    }

    /** A re-INVITE moved the caller's media or put the call on or off hold. */
    public void update(RemoteMedia newRemote) {
        loop.execute(() -> withCallId(() -> {
            if (remote != null && (!remote.callerSends() && newRemote.callerSends())) {
                lastCallerPacketNanos = System.nanoTime();
            }
            remote = newRemote;
            gate.update(newRemote);
            log.info(
                    "RTP updated: caller media at {}, gateway sends {}, caller sends {}",
                    newRemote.rtp(),
                    newRemote.gatewaySends(),
                    newRemote.callerSends());
        }));
    }

    /** One tick of the session clock with model audio. */
    public void sendFrame(byte[] frame) {
        byte[] copy = frame.clone();
        loop.execute(() -> tick(copy));
    }

    /** One tick of the session clock without model audio. */
    public void sendSilence() {
        loop.execute(() -> tick(null));
    }

    /** Queues RFC 4733 digits; they replace audio on the next ticks. */
    public void sendDtmf(String digits) {
        loop.execute(() -> withCallId(() -> {
            if (out == null) {
                return;
            }
            if (!out.canSendDtmf()) {
                log.warn("DTMF not sent: the caller did not offer telephone-event");
                return;
            }
            out.queueDtmf(digits);
        }));
    }

    /** Releases the ports and stops the timers. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.execute(() -> withCallId(() -> {
            cancel(timeoutCheck);
            cancel(rtcpReports);
            cancel(jitterFlush);
            if (out != null && remote != null) {
                sendRtcp(Rtcp.bye(out.ssrc()));
            }
            Stats s = statsNow();
            if (s.jitter() != null) {
                totals.lost.add(s.jitter().lost());
                totals.late.add(s.jitter().late());
            }
            log.info(
                    "RTP closed: {} packets in, {} out, {} frames delivered, {} DTMF, {} from wrong source, "
                            + "{} malformed, {} refused by SRTP, jitter {}",
                    s.packetsIn(),
                    s.packetsOut(),
                    s.framesDelivered(),
                    s.dtmfIn(),
                    s.rejectedSource(),
                    s.malformed(),
                    s.srtpRejected(),
                    s.jitter());
            rtp.close();
            rtcp.close().addListener(f -> onClose.accept(localPort));
        }));
    }

    ChannelHandler rtpHandler() {
        return new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                withCallId(() -> onRtp(packet));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                withCallId(() -> log.warn("RTP socket error: {}", cause.toString()));
            }
        };
    }

    ChannelHandler rtcpHandler() {
        return new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                withCallId(() -> gate.rtcp(packet));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                withCallId(() -> log.warn("RTCP socket error: {}", cause.toString()));
            }
        };
    }

    private void onRtp(DatagramPacket datagram) {
        if (closed || listener == null) {
            return;
        }
        byte[] bytes = gate.rtp(datagram);
        if (bytes == null) {
            return;
        }
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(bytes, bytes.length);
        } catch (MalformedRtpException e) {
            totals.malformed.increment();
            if (malformed++ == 0) {
                log.warn("Dropping malformed RTP from {}: {}", datagram.sender(), e.getMessage());
            }
            return;
        }
        packetsIn++;
        totals.packetsIn.increment();
        lastCallerPacketNanos = System.nanoTime();
        boolean audio = packet.payloadType() == codec.payloadType();
        if (packet.payloadType() == codec.eventPayloadType()) {
            onTelephoneEvent(packet);
        }
        play(jitter.offer(packet, audio, lastCallerPacketNanos));
        scheduleFlush();
    }

    /** Makes sure a timer releases held packets once their wait is over, even if no packet follows. */
    private void scheduleFlush() {
        if (closed || !jitter.isHolding() || (jitterFlush != null && !jitterFlush.isDone())) {
            return;
        }
        long delay = Math.max(TimeUnit.MILLISECONDS.toNanos(1), jitter.nextDueNanos() - System.nanoTime());
        jitterFlush = loop.schedule(
                () -> withCallId(() -> {
                    jitterFlush = null; // this timer has fired: let the next one be scheduled
                    play(jitter.flushDue(System.nanoTime()));
                    scheduleFlush();
                }),
                delay,
                TimeUnit.NANOSECONDS);
    }

    private void onTelephoneEvent(RtpPacket packet) {
        DtmfEvent event;
        try {
            event = DtmfEvent.parse(packet.payload());
        } catch (MalformedRtpException e) {
            malformed++;
            return;
        }
        // Every update and the three end packets of one event share its timestamp: report it once.
        if (packet.timestamp() == lastDtmfTimestamp && packet.ssrc() == lastDtmfSsrc) {
            return;
        }
        lastDtmfTimestamp = packet.timestamp();
        lastDtmfSsrc = packet.ssrc();
        char digit = event.digit();
        if (digit != 0) {
            dtmfIn++;
            log.info("DTMF '{}' from caller", digit);
            listener.onDtmf(digit);
        }
    }

    private void play(List<JitterBuffer.Playout> playouts) {
        for (JitterBuffer.Playout p : playouts) {
            switch (p) {
                case JitterBuffer.Playout.Packet(RtpPacket packet, boolean audio) -> {
                    if (audio) {
                        assembler.audio(packet.payload(), this::deliver);
                    }
                }
                case JitterBuffer.Playout.Gap(int packets) -> assembler.conceal(packets, this::deliver);
            }
        }
    }

    private void deliver(byte[] frame) {
        framesDelivered++;
        listener.onAudio(frame);
    }

    private void tick(byte[] frame) {
        if (closed || out == null) {
            return;
        }
        RtpPacket packet = frame == null ? out.silence() : out.frame(frame);
        if (remote.gatewaySends()) {
            totals.packetsOut.increment();
            byte[] bytes = srtp == null ? packet.encode() : srtp.protectRtp(packet.encode());
            rtp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), remote.rtp()));
        }
    }

    private void checkMediaTimeout() {
        if (closed || timedOut || !remote.callerSends()) {
            return;
        }
        long silentNanos = System.nanoTime() - lastCallerPacketNanos;
        if (silentNanos >= properties.mediaTimeout().toNanos()) {
            timedOut = true;
            totals.mediaTimeouts.increment();
            log.warn(
                    "No RTP from the caller for {} ms (timeout {}): ending the call",
                    TimeUnit.NANOSECONDS.toMillis(silentNanos),
                    properties.mediaTimeout());
            listener.onMediaTimeout();
        }
    }

    private void sendReport() {
        if (closed || out == null || out.packetsSent() == 0) {
            return;
        }
        byte[] sr = Rtcp.senderReport(
                out.ssrc(),
                out.currentTimestamp(),
                out.packetsSent(),
                out.octetsSent(),
                "voicebridge-" + localPort,
                System.currentTimeMillis());
        sendRtcp(sr);
    }

    private void sendRtcp(byte[] packet) {
        byte[] bytes = srtp == null ? packet : srtp.protectRtcp(packet);
        rtcp.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), remote.rtcp()));
    }

    /** A snapshot of the counters; call on the event loop or accept slightly stale values. */
    public Stats statsNow() {
        return new Stats(
                packetsIn,
                out == null ? 0 : out.packetsSent(),
                framesDelivered,
                dtmfIn,
                gate.rejectedSource(),
                malformed,
                gate.srtpRejected(),
                jitter == null ? null : jitter.stats());
    }

    private void withCallId(Runnable work) {
        try (var scope = CallLogContext.open(callId)) {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.error("RTP handling failed", e);
            }
        }
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
