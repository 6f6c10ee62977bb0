package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.gateway.rtp.RtpProperties;
import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import dev.voicebridge.gateway.sip.tls.TestKeystores;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.ResponseAudio;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent SIP/TLS/SDES-SRTP implementation: Debian's baresip calls the
 * gateway's TLS listener with {@code mediaenc=srtp-mand}, the gateway's real call sessions and the
 * Realtime simulator behind it; the assistant greets with a 440 Hz tone. The call must set up, the
 * softphone must hear the tone, and a capture of loopback must show neither SIP nor the tone's µ-law
 * in clear. Skipped without baresip (failed under CI=true); the capture part is skipped, saying so,
 * when the test cannot run tcpdump (not root).
 */
class BaresipTlsInteropTest {

    @TempDir
    Path dir;

    private RealtimeSimulator azure;
    private TestGateway gateway;
    private SipServer server;

    @BeforeAll
    static void needsBaresip() {
        Baresip.requireInstalled();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void shouldSetUpAnEncryptedCallThatTheSoftphoneHears() throws Exception {
        // Given the gateway on TLS (SRTP required), real call sessions, and an assistant that greets with a tone
        Path keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 60);
        Path caPem = dir.resolve("gateway-ca.pem");
        Files.writeString(caPem, pem(TestKeystores.certificate(keystore).getEncoded()));
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .responseAudio(ResponseAudio.TONE)
                .tone(Duration.ofSeconds(3))
                .build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.greetFirst = true;
            return s;
        });
        RtpProperties rtp = SipTestServers.rtp();
        Clock clock = Clock.fixed(
                TestKeystores.certificate(keystore).getNotBefore().toInstant().plusSeconds(3600), ZoneOffset.UTC);
        server = new SipServer(
                SipTlsListenerTest.tlsSip(),
                new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "", ""),
                clock,
                rtp,
                gateway.sessions);
        server.start();
        int phoneSip = SipServer.freeUdpAndTcpPort("127.0.0.1");
        int phoneRtpMin = rtp.portMax() + 2;
        int phoneRtpMax = phoneRtpMin + 40;

        String noCapture = LoopbackCapture.unavailableBecause();
        LoopbackCapture capture = noCapture != null
                ? null
                : LoopbackCapture.start(
                        dir.resolve("wire.pcap"),
                        "tcp port " + server.tlsPort() + " or udp portrange " + phoneRtpMin + "-" + phoneRtpMax);
        List<LoopbackCapture.Packet> wire = List.of();
        short[] heard;
        // When baresip calls it over TLS with SDES-SRTP mandatory
        try (Baresip phone = Baresip.dial(
                dir.resolve("baresip"),
                "sip:+15550100@127.0.0.1:" + server.tlsPort() + ";transport=tls",
                caPem,
                phoneSip,
                phoneRtpMin,
                phoneRtpMax)) {
            // Then the call sets up
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(server.stats().answeredCount())
                            .as(phone.log())
                            .isEqualTo(1));
            // and the assistant's greeting reaches the softphone (about a second of it is enough)
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> azure.sessions().size() == 1
                            && azure.sessions().getFirst().audioBytesSent() > 0);
            Thread.sleep(2500);
            phone.hangUpAndQuit();
            heard = phone.heard();
            assertThat(phone.log()).as("baresip's own account of the call").contains("Call established");
            assertThat(phone.log()).containsIgnoringCase("srtp");
        } finally {
            if (capture != null) {
                wire = capture.stopAndRead();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.activeCalls() == 0);
        // and the softphone's SRTP reached the gateway and was authenticated, every packet of it
        assertThat(server.rtpTotals().packetsIn())
                .as("SRTP packets from the softphone")
                .isGreaterThan(50);
        // (baresip 1.0 sends two RTCP packets in clear: an APP "PINGPONG" probe when it opens the port and
        // its last report at hang-up, after its SRTP context is gone; SRTCP rightly drops both)
        assertThat(server.rtpTotals().srtpRejected())
                .as("softphone packets failing SRTP")
                .isLessThanOrEqualTo(2);
        assertThat(server.rtpTotals().rejectedSource()).isZero();

        short[] tone = loudestSecond(heard);
        assertThat(rms(tone))
                .as("the softphone heard the assistant (RMS of its loudest second)")
                .isGreaterThan(1000);
        assertThat(zeroCrossingHz(tone))
                .as("what it heard is the simulator's 440 Hz tone")
                .isBetween(400.0, 480.0);

        Assumptions.assumeTrue(noCapture == null, "wire capture skipped: " + noCapture);
        // and the wire shows no SIP in clear on the TLS port
        List<LoopbackCapture.Packet> tls =
                wire.stream().filter(p -> p.tcp() && p.payload().length > 0).toList();
        assertThat(tls).as("TLS segments captured").isNotEmpty();
        assertThat(tls.getFirst().payload()[0])
                .as("a TLS handshake record opens the connection")
                .isEqualTo((byte) 0x16);
        String tlsBytes = latin1(tls);
        for (String clear : List.of("SIP/2.0", "INVITE", "Call-ID", "a=crypto", "m=audio", "softphone")) {
            assertThat(tlsBytes).as("plaintext '" + clear + "' on the TLS port").doesNotContain(clear);
        }
        // and no audio in clear in the RTP: the µ-law the softphone decoded appears in no packet
        List<LoopbackCapture.Packet> rtpPackets =
                wire.stream().filter(p -> !p.tcp()).toList();
        assertThat(rtpPackets.size()).as("RTP packets captured").isGreaterThan(100);
        byte[] ulaw = new byte[160];
        for (int i = 0; i < ulaw.length; i++) {
            ulaw[i] = G711.linearToUlaw(tone[i]);
        }
        String clearFrame = new String(ulaw, 0, 80, StandardCharsets.ISO_8859_1);
        // The evidence, for the closing note.
        System.out.printf(
                "interop evidence: gateway took %d SRTP packets from baresip (%d refused); baresip heard %.1f s "
                        + "(loudest second RMS %.0f, %.0f Hz); wire: %d TLS segments, %d RTP packets, no SIP text, "
                        + "no clear µ-law%n",
                server.rtpTotals().packetsIn(),
                server.rtpTotals().srtpRejected(),
                heard.length / 8000.0,
                rms(tone),
                zeroCrossingHz(tone),
                tls.size(),
                rtpPackets.size());
        assertThat(latin1(rtpPackets))
                .as("80 bytes of the tone's µ-law " + HexFormat.of().formatHex(ulaw, 0, 16) + "... in clear in the RTP")
                .doesNotContain(clearFrame);
    }

    private static String latin1(List<LoopbackCapture.Packet> packets) {
        StringBuilder all = new StringBuilder();
        packets.forEach(p ->
                all.append(new String(p.payload(), StandardCharsets.ISO_8859_1)).append('\n'));
        return all.toString();
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    /** The 8000 samples with the most energy (on 20 ms steps). */
    private static short[] loudestSecond(short[] samples) {
        if (samples.length < 8000) {
            return samples;
        }
        int best = 0;
        double bestRms = -1;
        for (int start = 0; start + 8000 <= samples.length; start += 160) {
            double r = rms(java.util.Arrays.copyOfRange(samples, start, start + 8000));
            if (r > bestRms) {
                bestRms = r;
                best = start;
            }
        }
        return java.util.Arrays.copyOfRange(samples, best, best + 8000);
    }

    private static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    private static double zeroCrossingHz(short[] samples) {
        List<Integer> crossings = new ArrayList<>();
        for (int i = 1; i < samples.length; i++) {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                crossings.add(i);
            }
        }
        return crossings.size() / 2.0 / (samples.length / 8000.0);
    }
}
