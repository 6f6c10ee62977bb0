package dev.voicebridge.gateway.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.audio.AudioFormat;
import java.io.IOException;
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

/**
 * One call's RTP over real loopback sockets: the caller's packets arrive disordered, duplicated,
 * lost, malformed and from a stranger, and the session must deliver clean 20 ms frames in order.
 */
class RtpSessionTest {

    private final int base = 42000 + ThreadLocalRandom.current().nextInt(0, 40) * 50;
    private final RtpMedia media = new RtpMedia(
            new RtpProperties(
                    base, base + 49, Duration.ofSeconds(30), 5, Duration.ofMillis(60), Duration.ofSeconds(5), 1),
            "127.0.0.1");
    private final List<byte[]> frames = new CopyOnWriteArrayList<>();
    private final StringBuffer digits = new StringBuffer();
    private final RtpSessionListener listener = new RtpSessionListener() {
        @Override
        public void onAudio(byte[] frame) {
            frames.add(frame);
        }

        @Override
        public void onDtmf(char digit) {
            digits.append(digit);
        }

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

    private static void send(DatagramSocket from, int port, RtpPacket packet) throws IOException {
        byte[] bytes = packet.encode();
        from.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
    }

    @Test
    void shouldDeliverOrderedConcealedFramesFromADisorderlyCaller() throws Exception {
        try (DatagramSocket caller = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                DatagramSocket stranger = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
            // Given a started session whose caller is at 127.0.0.1
            RtpSession session = media.open("call-1");
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", caller.getLocalPort());
            session.start(new Codec(AudioFormat.PCMU, 0, 101), new RemoteMedia(at, at, true, true), listener);
            int port = session.localPort();
            await().atMost(Duration.ofSeconds(3)).until(session::isStarted);

            // When packets 1..8 arrive as 1 3 2 2 4 [6 lost] 5 7 8, plus junk, a stranger's packet and a DTMF event
            for (int seq : new int[] {1, 3, 2, 2, 4}) {
                send(caller, port, new RtpPacket(0, false, seq, seq * 160L, 77, payload(seq)));
            }
            send(stranger, port, new RtpPacket(0, false, 5, 5 * 160L, 77, payload(99)));
            caller.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, new InetSocketAddress("127.0.0.1", port)));
            for (int seq : new int[] {5, 7, 8}) {
                send(caller, port, new RtpPacket(0, false, seq, seq * 160L, 77, payload(seq)));
            }
            for (int i = 0; i < 3; i++) {
                send(
                        caller,
                        port,
                        new RtpPacket(
                                101,
                                false,
                                9 + i,
                                9 * 160L,
                                77,
                                DtmfEvent.forDigit('9', i == 2, 160 * (i + 1)).encode()));
            }

            // Then frames 1..8 come out in order, the lost 6 concealed by repeating 5, each once
            await().atMost(Duration.ofSeconds(3)).until(() -> frames.size() >= 8);
            Thread.sleep(200);
            assertThat(frames).extracting(f -> (int) f[0]).containsExactly(1, 2, 3, 4, 5, 5, 7, 8);
            // and the DTMF event is reported once despite three packets
            assertThat(digits.toString()).isEqualTo("9");
            // and the stranger's packet and the junk were dropped and counted
            RtpSession.Stats stats = session.statsNow();
            assertThat(stats.rejectedSource()).isEqualTo(1);
            assertThat(stats.malformed()).isEqualTo(1);
            assertThat(stats.jitter().late())
                    .as("the second copy of 2 came after 2 was played")
                    .isEqualTo(1);
            assertThat(stats.jitter().lost()).isEqualTo(1);
            assertThat(media.totals().rejectedSource()).isEqualTo(1);
            session.close();
            await().atMost(Duration.ofSeconds(2)).until(() -> media.pairsInUse() == 0);
        }
    }

    @Test
    void shouldNotHearASecondPortOnTheCallersAddressAndRelatchWhenTheMediaMoves() throws Exception {
        try (DatagramSocket caller = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                DatagramSocket intruder = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                DatagramSocket moved = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            // Given a started session whose caller's SDP names 127.0.0.1:<caller port>
            RtpSession session = media.open("call-4");
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", caller.getLocalPort());
            session.start(new Codec(AudioFormat.PCMU, 0, -1), new RemoteMedia(at, at, true, true), listener);
            int port = session.localPort();
            await().atMost(Duration.ofSeconds(3)).until(session::isStarted);

            // When the caller sends 1..3 and another port on the same address injects 4..6 in between
            for (int seq = 1; seq <= 3; seq++) {
                send(caller, port, new RtpPacket(0, false, seq, seq * 160L, 77, payload(seq)));
                send(intruder, port, new RtpPacket(0, false, seq + 3, (seq + 3) * 160L, 77, payload(100 + seq)));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> frames.size() >= 3);

            // Then only the caller is heard, and the injected packets are counted as from a wrong source
            assertThat(frames).extracting(f -> (int) f[0]).containsExactly(1, 2, 3);
            await().atMost(Duration.ofSeconds(2))
                    .untilAsserted(() ->
                            assertThat(session.statsNow().rejectedSource()).isEqualTo(3));

            // When a re-INVITE moves the caller's media to another port and both old and new ports send
            InetSocketAddress newAt = new InetSocketAddress("127.0.0.1", moved.getLocalPort());
            session.update(new RemoteMedia(newAt, newAt, true, true));
            Thread.sleep(100);
            send(moved, port, new RtpPacket(0, false, 4, 4 * 160L, 77, payload(4)));
            send(caller, port, new RtpPacket(0, false, 5, 5 * 160L, 77, payload(55)));
            send(moved, port, new RtpPacket(0, false, 5, 5 * 160L, 77, payload(5)));

            // Then the new source is latched and the old one is no longer heard
            await().atMost(Duration.ofSeconds(3)).until(() -> frames.size() >= 5);
            Thread.sleep(100);
            assertThat(frames).extracting(f -> (int) f[0]).containsExactly(1, 2, 3, 4, 5);
            assertThat(session.statsNow().rejectedSource()).isEqualTo(4);
            session.close();
        }
    }

    @Test
    void shouldSkipAPortPairThatAnotherProcessHolds() throws Exception {
        // Given a range of two pairs whose first RTP port is already bound by someone else
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress("127.0.0.1", base + 100))) {
            RtpMedia narrow = new RtpMedia(
                    new RtpProperties(
                            base + 100,
                            base + 103,
                            Duration.ofSeconds(30),
                            5,
                            Duration.ofMillis(60),
                            Duration.ofSeconds(5),
                            1),
                    "127.0.0.1");
            try {
                // When a call asks for a pair
                RtpSession session = narrow.open("call-3");

                // Then it gets the next pair instead of failing, and the taken pair is not left marked used
                assertThat(session.localPort()).isEqualTo(base + 102);
                assertThat(narrow.pairsInUse()).isEqualTo(1);
                session.close();
            } finally {
                narrow.close();
            }
        }
    }

    @Test
    void shouldReportMediaTimeoutWhenTheCallerGoesQuiet() throws Exception {
        // Given a session with a 1 s media timeout and a caller that never sends
        RtpMedia quick = new RtpMedia(
                new RtpProperties(
                        base + 50,
                        base + 99,
                        Duration.ofSeconds(1),
                        5,
                        Duration.ofMillis(60),
                        Duration.ofSeconds(5),
                        1),
                "127.0.0.1");
        try {
            RtpSession session = quick.open("call-2");
            boolean[] timedOut = new boolean[1];
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", 9);
            session.start(
                    new Codec(AudioFormat.PCMU, 0, -1), new RemoteMedia(at, at, true, true), new RtpSessionListener() {
                        @Override
                        public void onAudio(byte[] frame) {}

                        @Override
                        public void onDtmf(char digit) {}

                        @Override
                        public void onMediaTimeout() {
                            timedOut[0] = true;
                        }
                    });

            // When a second passes
            // Then the timeout is reported
            await().atMost(Duration.ofSeconds(4)).until(() -> timedOut[0]);
            assertThat(quick.totals().mediaTimeouts()).isEqualTo(1);
        } finally {
            quick.close();
        }
    }
}
