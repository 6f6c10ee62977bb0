package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import dev.voicebridge.gateway.rtp.srtp.SrtpException;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Voice Connector's side of one call: INVITE with a PCMU offer, ACK of the 200, RTP both ways on
 * the negotiated ports, BYE at the end (or 200 to the gateway's BYE). On a {@linkplain
 * SipNetwork#secure() TLS network} it is an encrypted trunk's call: the offer is RTP/SAVP with an SDES
 * key ({@link Sdes}) and every packet is SRTP, protected and unprotected with the gateway's own SRTP
 * code; the stamps live in the decrypted payload, so latency and loss are read as on plain RTP.
 * Optionally it makes the network worse: drops a share of packets both ways and sends some out of
 * order.
 *
 * <p>Threads: SIP on the signalling socket's event loop; RTP sent and received on the call's RTP event
 * loop, which alone uses the SRTP contexts (one per direction, inside {@link SrtpProtection}).
 */
public final class SipCaller extends CallDriver {

    /** Network impairment, applied to packets in both directions. */
    public record Impairment(double loss, double reorder, long seed) {
        public static final Impairment NONE = new Impairment(0, 0, 0);
    }

    private static final Pattern MEDIA_PORT = Pattern.compile("m=audio (\\d+) ");
    private static final Pattern MEDIA_IP = Pattern.compile("c=IN IP4 ([0-9.]+)");
    private static final Pattern URI = Pattern.compile("<([^>]+)>");

    private final SipNetwork network;
    private final String sipCallId;
    private final String fromTag;
    private final int ssrc;
    private Impairment impairment = Impairment.NONE;
    private Random random;
    private volatile Channel rtp;
    private volatile InetSocketAddress remoteMedia;
    private volatile String toHeader;
    private volatile String remoteTarget;
    private volatile boolean confirmed;
    private volatile boolean byeSent;
    private volatile ScheduledFuture<?> retransmit;
    private volatile String invite;
    /** Our SDES offer on a TLS network, else null; the answer turns it into {@link #srtp}. */
    private final Sdes sdes;

    private volatile SrtpProtection srtp;
    /** The SRTP packet being read, copied out of its buffer; only this call's RTP event loop touches it. */
    private byte[] plain = new byte[12 + CallScript.FRAME_BYTES];

    private int rtpSeq;
    private long rtpTimestamp;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();

    public SipCaller(int call, CallScript script, Metrics metrics, CallBook book, Pacer pacer, SipNetwork network) {
        super(call, script, metrics, book, pacer);
        this.network = network;
        this.sipCallId = "bench-" + call + "-" + Long.toHexString(System.nanoTime()) + "@127.0.0.1";
        this.fromTag = Long.toHexString(System.nanoTime() ^ call);
        this.ssrc = new Random(call).nextInt();
        this.sdes = network.secure() ? Sdes.offer() : null;
    }

    /** Makes this call's network lossy and reordering (fault runs). */
    public SipCaller impaired(Impairment impairment) {
        this.impairment = impairment;
        this.random = new Random(impairment.seed() ^ call);
        return this;
    }

    /** Audio of the RTP packet being read; only this call's RTP event loop touches it. */
    private byte[] received = new byte[CallScript.FRAME_BYTES];

    @Override
    protected java.util.concurrent.Executor sendLoop() {
        Channel c = rtp;
        return c == null ? null : c.eventLoop();
    }

    @Override
    protected void connect() {
        rtp = network.rtp(new SimpleChannelInboundHandler<>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                onRtp(packet.content());
            }
        });
        network.register(sipCallId, this::onSip);
        int rtpPort = ((InetSocketAddress) rtp.localAddress()).getPort();
        String sdp = offer(call, rtpPort, sdes);
        invite = "INVITE sip:agent@" + host() + uriTransport() + " SIP/2.0\r\n"
                + via() + "From: <sip:+1555" + call + "@127.0.0.1>;tag=" + fromTag + "\r\n"
                + "To: <sip:agent@" + host() + ">\r\n"
                + "Call-ID: " + sipCallId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:bench@127.0.0.1:" + network.localPort() + uriTransport() + ">\r\nMax-Forwards: 70\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        if (network.secure()) {
            network.send(invite); // a reliable transport: no retransmission (RFC 3261 section 17.1.1.2)
            return;
        }
        // UDP: retransmit the INVITE until any answer (RFC 3261 timer A, simplified). Scheduled before
        // the first send so an answer that comes back at once always finds the timer to cancel.
        retransmit = TIMERS.scheduleAtFixedRate(
                () -> {
                    if (toHeader == null && !result().isDone()) {
                        network.send(invite);
                    }
                },
                500,
                1000,
                TimeUnit.MILLISECONDS);
        network.send(invite);
    }

    private String host() {
        return "127.0.0.1:" + network.gateway().getPort();
    }

    /** The SDP offer: PCMU and telephone-event, as RTP/SAVP with our SDES key when {@code sdes} is given. */
    static String offer(int call, int rtpPort, Sdes sdes) {
        return "v=0\r\no=bench " + call + " 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort
                + (sdes == null ? " RTP/AVP" : " " + Sdes.profile())
                + " 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=ptime:20\r\n" + (sdes == null ? "" : sdes.cryptoLine()) + "a=sendrecv\r\n";
    }

    private String uriTransport() {
        return network.secure() ? ";transport=tls" : "";
    }

    private String via() {
        return "Via: SIP/2.0/" + network.transportName() + " 127.0.0.1:" + network.localPort() + ";branch=z9hG4bK"
                + Long.toHexString(System.nanoTime()) + call + ";rport\r\n";
    }

    private void onSip(SipNetwork.SipMessage m) {
        String method = m.method();
        if (method == null) {
            onResponse(m);
        } else if (method.equals("BYE")) {
            network.send(response(m, "200 OK"));
            ended("BYE from the gateway");
            cleanUp();
        } else if (!method.equals("ACK")) {
            network.send(response(m, "200 OK"));
        }
    }

    private void onResponse(SipNetwork.SipMessage m) {
        int status = m.status();
        String cseq = String.valueOf(m.header("cseq"));
        if (cseq.endsWith("INVITE")) {
            if (status < 200) {
                if (toHeader == null && status > 100) {
                    stopRetransmitting();
                }
                return;
            }
            stopRetransmitting();
            if (status >= 300) {
                network.send("ACK sip:agent@" + host() + uriTransport() + " SIP/2.0\r\n" + via() + "From: <sip:+1555"
                        + call
                        + "@127.0.0.1>;tag=" + fromTag + "\r\nTo: " + m.header("to") + "\r\nCall-ID: " + sipCallId
                        + "\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n");
                ended("INVITE answered " + m.firstLine());
                cleanUp();
                return;
            }
            toHeader = m.header("to");
            Matcher contact = URI.matcher(String.valueOf(m.header("contact")));
            remoteTarget = contact.find() ? contact.group(1) : "sip:agent@" + host() + uriTransport();
            if (sdes != null && srtp == null) {
                try {
                    srtp = sdes.answer(m.body());
                } catch (IllegalArgumentException e) {
                    // Answered with keys we cannot use: confirm and end the dialog, so no call lingers.
                    ack(m);
                    network.send(bye());
                    failed("SDES: " + e.getMessage());
                    return;
                }
            }
            Matcher port = MEDIA_PORT.matcher(m.body());
            Matcher ip = MEDIA_IP.matcher(m.body());
            if (port.find()) {
                remoteMedia =
                        new InetSocketAddress(ip.find() ? ip.group(1) : "127.0.0.1", Integer.parseInt(port.group(1)));
            }
            ack(m);
            if (!confirmed && remoteMedia != null) {
                confirmed = true;
                mediaReady();
            }
        } else if (cseq.endsWith("BYE") && status >= 200) {
            hangUpConfirmed();
            cleanUp();
        }
    }

    private void ack(SipNetwork.SipMessage ok) {
        Matcher contact = URI.matcher(String.valueOf(ok.header("contact")));
        String target = contact.find() ? contact.group(1) : "sip:agent@" + host() + uriTransport();
        network.send("ACK " + target + " SIP/2.0\r\n" + via() + "From: <sip:+1555" + call + "@127.0.0.1>;tag="
                + fromTag + "\r\nTo: " + ok.header("to") + "\r\nCall-ID: " + sipCallId + "\r\nCSeq: 1 ACK\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
    }

    private void stopRetransmitting() {
        if (retransmit != null) {
            retransmit.cancel(false);
        }
    }

    private static String response(SipNetwork.SipMessage request, String status) {
        return "SIP/2.0 " + status + "\r\nVia: " + request.header("via") + "\r\nFrom: " + request.header("from")
                + "\r\nTo: " + request.header("to") + "\r\nCall-ID: " + request.header("call-id") + "\r\nCSeq: "
                + request.header("cseq") + "\r\nContent-Length: 0\r\n\r\n";
    }

    private void onRtp(ByteBuf packet) {
        if (packet.readableBytes() < 12 || (packet.getByte(0) & 0xC0) != 0x80) {
            return;
        }
        if (random != null && random.nextDouble() < impairment.loss()) {
            return;
        }
        if (sdes != null) {
            packet = unprotect(packet);
            if (packet == null) {
                return;
            }
        }
        int pt = packet.getByte(1) & 0x7F;
        if (pt != 0) {
            return; // DTMF events and anything else are not audio
        }
        int cc = packet.getByte(0) & 0x0F;
        int offset = 12 + 4 * cc;
        if ((packet.getByte(0) & 0x10) != 0 && packet.readableBytes() >= offset + 4) {
            offset += 4 + 4 * packet.getUnsignedShort(offset + 2);
        }
        int length = packet.readableBytes() - offset;
        if (length <= 0) {
            return;
        }
        if (received.length < length) {
            received = new byte[length];
        }
        packet.getBytes(packet.readerIndex() + offset, received, 0, length);
        heard(received, 0, length);
    }

    /**
     * The RTP inside an SRTP packet, or null when SRTP refuses it (forged, replayed, another key): a
     * refused audio packet shows as a frame lost downlink.
     */
    private ByteBuf unprotect(ByteBuf packet) {
        SrtpProtection s = srtp;
        if (s == null) {
            return null; // before the answer: nothing can be authenticated yet
        }
        int length = packet.readableBytes();
        if (plain.length < length) {
            plain = new byte[length];
        }
        packet.getBytes(packet.readerIndex(), plain, 0, length);
        try {
            return Unpooled.wrappedBuffer(s.unprotectRtp(plain, length));
        } catch (SrtpException e) {
            return null;
        }
    }

    @Override
    protected void sendFrame(byte[] frame, int seq) {
        InetSocketAddress to = remoteMedia;
        if (to == null || !rtp.isActive()) {
            return;
        }
        ByteBuf p = rtp.alloc().buffer(12 + frame.length);
        p.writeByte(0x80);
        p.writeByte(seq == 0 ? 0x80 : 0x00); // marker on the first packet, PT 0 (PCMU)
        p.writeShort(rtpSeq++ & 0xFFFF);
        p.writeInt((int) rtpTimestamp);
        rtpTimestamp += CallScript.FRAME_BYTES;
        p.writeInt(ssrc);
        p.writeBytes(frame);
        if (sdes != null) {
            p = protect(p);
        }
        if (random != null) {
            if (random.nextDouble() < impairment.loss()) {
                p.release();
                return;
            }
            if (held.isEmpty() && random.nextDouble() < impairment.reorder()) {
                held.add(p); // goes out after the next packet
                return;
            }
        }
        rtp.writeAndFlush(new DatagramPacket(p, to));
        ByteBuf late = held.poll();
        if (late != null) {
            rtp.writeAndFlush(new DatagramPacket(late, to));
        }
    }

    /** The SRTP packet for an RTP packet built in {@code p} (which it releases). */
    private ByteBuf protect(ByteBuf p) {
        byte[] rtpPacket = new byte[p.readableBytes()];
        p.readBytes(rtpPacket);
        p.release();
        return Unpooled.wrappedBuffer(srtp.protectRtp(rtpPacket));
    }

    @Override
    protected void hangUp() {
        if (!confirmed) {
            failed("hang-up before the call was answered");
            return;
        }
        byeSent = true;
        String bye = bye();
        network.send(bye);
        ScheduledFuture<?> again = TIMERS.scheduleAtFixedRate(
                () -> {
                    if (!result().isDone()) {
                        network.send(bye);
                    }
                },
                500,
                1000,
                TimeUnit.MILLISECONDS);
        TIMERS.schedule(
                () -> {
                    again.cancel(false);
                    if (!result().isDone()) {
                        failed("no answer to BYE");
                    }
                },
                8,
                TimeUnit.SECONDS);
        result().whenComplete((r, e) -> again.cancel(false));
    }

    private String bye() {
        return "BYE " + remoteTarget + " SIP/2.0\r\n" + via() + "From: <sip:+1555" + call + "@127.0.0.1>;tag="
                + fromTag + "\r\nTo: " + toHeader + "\r\nCall-ID: " + sipCallId + "\r\nCSeq: 2 BYE\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    @Override
    protected void abort() {
        cleanUp();
    }

    private void cleanUp() {
        if (retransmit != null) {
            retransmit.cancel(false);
        }
        network.unregister(sipCallId);
        if (rtp != null) {
            rtp.eventLoop().schedule(() -> rtp.close(), 200, TimeUnit.MILLISECONDS);
        }
        ByteBuf b;
        while ((b = held.poll()) != null) {
            b.release();
        }
    }

    boolean byeSent() {
        return byeSent;
    }
}
