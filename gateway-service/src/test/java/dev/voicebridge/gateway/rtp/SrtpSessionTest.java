package dev.voicebridge.gateway.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One SRTP call's media over real loopback sockets, with the caller's side played by our own transform. */
class SrtpSessionTest {

    private final int base = 44000 + ThreadLocalRandom.current().nextInt(0, 40) * 50;
    private final RtpMedia media = new RtpMedia(
            new RtpProperties(
                    base, base + 49, Duration.ofSeconds(30), 5, Duration.ofMillis(60), Duration.ofSeconds(5), 1),
            "127.0.0.1");
    private final List<byte[]> frames = new CopyOnWriteArrayList<>();
    private final RtpSessionListener listener = new RtpSessionListener() {
        @Override
        public void onAudio(byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void onDtmf(char digit) {}

        @Override
        public void onMediaTimeout() {}
    };

    @AfterEach
    void close() {
        media.close();
    }

    private static byte[] payload(int seq) {
        byte[] p = new byte[160];
        Arrays.fill(p, (byte) seq);
        return p;
    }

    private static void send(DatagramSocket from, int port, byte[] bytes) throws Exception {
        from.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }

    @Test
    void shouldCarryAnSrtpCallBothWaysAndDropPlainForgedAndReplayedPackets() throws Exception {
        try (DatagramSocket callerRtp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                DatagramSocket callerRtcp = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            callerRtp.setSoTimeout(3000);
            callerRtcp.setSoTimeout(3000);
            // Given a call that negotiated SRTP: the caller's key and ours, each side holding both
            MasterKey callerKey = MasterKey.generate();
            MasterKey gatewayKey = MasterKey.generate();
            SrtpSuite suite = SrtpSuite.AES_CM_128_HMAC_SHA1_80;
            SrtpProtection caller = new SrtpProtection(suite, callerKey, gatewayKey);
            RtpSession session = media.open("call-srtp");
            session.protect(new SrtpProtection(suite, gatewayKey, callerKey));
            InetSocketAddress rtpAt = new InetSocketAddress("127.0.0.1", callerRtp.getLocalPort());
            InetSocketAddress rtcpAt = new InetSocketAddress("127.0.0.1", callerRtcp.getLocalPort());
            session.start(new Codec(AudioFormat.PCMU, 0, -1), new RemoteMedia(rtpAt, rtcpAt, true, true), listener);
            int port = session.localPort();
            await().atMost(Duration.ofSeconds(3)).until(session::isStarted);

            // When the caller sends SRTP 1..3, a plain RTP packet, a forged one and 2 again
            byte[] second = null;
            for (int seq = 1; seq <= 3; seq++) {
                byte[] srtp = caller.protectRtp(new RtpPacket(0, false, seq, seq * 160L, 77, payload(seq)).encode());
                send(callerRtp, port, srtp);
                if (seq == 2) {
                    second = srtp;
                }
            }
            send(callerRtp, port, new RtpPacket(0, false, 4, 4 * 160L, 77, payload(99)).encode());
            byte[] forged = caller.protectRtp(new RtpPacket(0, false, 5, 5 * 160L, 77, payload(98)).encode());
            forged[20] ^= 1;
            send(callerRtp, port, forged);
            send(callerRtp, port, second);
            byte[] fourth = caller.protectRtp(new RtpPacket(0, false, 4, 4 * 160L, 77, payload(4)).encode());
            send(callerRtp, port, fourth);

            // Then only the authentic, fresh packets are heard, decrypted, and the rest counted
            await().atMost(Duration.ofSeconds(3)).until(() -> frames.size() >= 4);
            Thread.sleep(100);
            assertThat(frames).extracting(f -> (int) f[0]).containsExactly(1, 2, 3, 4);
            assertThat(session.statsNow().srtpRejected()).isEqualTo(3);
            assertThat(media.totals().srtpRejected()).isEqualTo(3);

            // When the gateway sends a frame
            byte[] frame = payload(42);
            session.sendFrame(frame);

            // Then the caller receives SRTP whose payload is not in clear and which its key opens
            byte[] wire = receive(callerRtp);
            assertThat(wire).hasSize(12 + 160 + 10);
            assertThat(Arrays.copyOfRange(wire, 12, 172)).isNotEqualTo(frame);
            RtpPacket out = RtpPacket.parse(caller.unprotectRtp(wire, wire.length), 172);
            assertThat(out.payload()).isEqualTo(frame);

            // When the call ends, Then its RTCP BYE goes out as SRTCP the caller can open
            session.close();
            byte[] bye = receive(callerRtcp);
            assertThat(bye).hasSize(8 + 4 + 10);
            assertThat(caller.unprotectRtcp(bye, bye.length)[1] & 0xFF).isEqualTo(203);
        }
    }
}
