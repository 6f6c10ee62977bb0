package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.sip.tls.TestKeystores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** The SIP endpoint runs with the Spring application: up after refresh, answering, gone on close. */
class SipConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(SipConfiguration.class)
            .withPropertyValues(
                    "voicebridge.sip.port=0",
                    "voicebridge.sip.bind-address=127.0.0.1",
                    "voicebridge.rtp.port-min=47000",
                    "voicebridge.rtp.port-max=47099");

    @Test
    void shouldListenWhileTheApplicationRunsAndStopWithIt() throws Exception {
        EchoCallSessions sessions = new EchoCallSessions();
        int[] port = new int[1];
        // Given an application with call sessions
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        runner.withBean(CallSessions.class, () -> sessions)
                .withBean(MeterRegistry.class, () -> meters)
                .run(context -> {
                    // When it has started
                    SipServer server = context.getBean(SipConfiguration.SipEndpointLifecycle.class)
                            .server();
                    port[0] = server.port();

                    // Then the endpoint answers a Voice Connector ping
                    assertThat(options(port[0])).startsWith("SIP/2.0 200");
                    // and its meters are published
                    assertThat(meters.get("voicebridge.sip.calls.active")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(meters.get("voicebridge.rtp.port.pairs.capacity")
                                    .gauge()
                                    .value())
                            .isEqualTo(50);
                    assertThat(meters.get("voicebridge.sip.calls.ended")
                                    .tag("reason", "media_timeout")
                                    .functionCounter()
                                    .count())
                            .isZero();
                });
        // and after the application closed, nothing listens any more
        assertThat(options(port[0])).isEmpty();
        sessions.close();
    }

    @Test
    void shouldStayOffWhenDisabled() {
        // Given SIP switched off
        // When the application starts
        // Then there is no SIP endpoint
        runner.withPropertyValues("voicebridge.sip.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SipConfiguration.SipEndpointLifecycle.class));
    }

    @Test
    void shouldListenOnTlsFromTheEnvironmentsSettingsWithTheApplicationsClock(@TempDir Path dir) throws Exception {
        // Given GATEWAY_SIP_TRANSPORTS=TLS with a keystore, and the application's Clock inside its validity
        Path keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 60);
        Clock clock = Clock.fixed(
                TestKeystores.certificate(keystore).getNotBefore().toInstant().plusSeconds(60), ZoneOffset.UTC);
        runner.withBean(CallSessions.class, EchoCallSessions::new)
                .withBean(Clock.class, () -> clock)
                .withPropertyValues(
                        "voicebridge.sip.transports=TLS",
                        "voicebridge.sip.tls.port=0",
                        "voicebridge.sip.tls.keystore=" + keystore,
                        "voicebridge.sip.tls.keystore-password=" + TestKeystores.PASSWORD)
                .run(context -> {
                    // When it has started, Then it answers a ping over TLS
                    SipServer server = context.getBean(SipConfiguration.SipEndpointLifecycle.class)
                            .server();
                    try (TlsSipClient phone =
                            new TlsSipClient(TestKeystores.clientTrusting(keystore), server.tlsPort())) {
                        phone.send(
                                "OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:" + phone.localPort()
                                        + ";branch=z9hG4bK-cfg-tls\r\nFrom: <sip:health@127.0.0.1>;tag=1\r\n"
                                        + "To: <sip:ping@127.0.0.1>\r\nCall-ID: cfg-tls\r\nCSeq: 1 OPTIONS\r\n"
                                        + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
                        assertThat(phone.readFinal()).startsWith("SIP/2.0 200");
                    }
                });
    }

    @Test
    void shouldNotStartTlsWithoutAKeystoreSayingWhichSettingIsMissing() {
        // Given TLS asked for without a keystore, When the application starts, Then it fails naming the setting
        runner.withBean(CallSessions.class, EchoCallSessions::new)
                .withBean(Clock.class, () -> Clock.fixed(java.time.Instant.EPOCH, ZoneOffset.UTC))
                .withPropertyValues("voicebridge.sip.transports=UDP,TLS", "voicebridge.sip.tls.port=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("GATEWAY_SIP_TLS_KEYSTORE is not set"));
    }

    private static String options(int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1500);
            String request = "OPTIONS sip:ping@127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-cfg-" + System.nanoTime()
                    + "\r\n"
                    + "From: <sip:health@127.0.0.1>;tag=1\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: cfg-"
                    + System.nanoTime()
                    + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            try {
                socket.receive(answer);
            } catch (java.net.SocketTimeoutException e) {
                return "";
            }
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
