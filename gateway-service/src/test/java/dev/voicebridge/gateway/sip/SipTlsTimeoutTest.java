package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import dev.voicebridge.gateway.sip.tls.TestKeystores;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIP over TLS against peers that hold connections or fail handshakes: the TCP read and idle
 * timeouts cover TLS connections too (a handshake that never completes counts as a request that
 * never arrives), and a refused handshake is one WARN line naming the peer and the reason.
 */
class SipTlsTimeoutTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1500);
    /** Sweep period plus scheduling on a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1000);

    @TempDir
    Path dir;

    private final EchoCallSessions sessions = new EchoCallSessions();
    private SipServer server;
    private SSLContext client;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        sessions.close();
    }

    @Test
    void shouldCloseATlsHandshakeThatNeverCompletesWithinTheReadTimeout() throws Exception {
        // Given a TLS listener with a 500 ms read timeout and a 30 s idle timeout
        start(READ_TIMEOUT, Duration.ofSeconds(30));

        // When a peer opens a TCP connection to the TLS port and sends the first bytes of a
        // ClientHello, one every 100 ms, so bytes keep coming but the handshake never completes
        try (Socket socket = new Socket("127.0.0.1", server.tlsPort())) {
            long started = System.nanoTime();
            byte[] helloStart = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
            OutputStream out = socket.getOutputStream();
            boolean closedWhileSending = false;
            for (byte b : helloStart) {
                try {
                    out.write(b);
                    out.flush();
                } catch (java.io.IOException closed) {
                    closedWhileSending = true;
                    break;
                }
                Thread.sleep(100);
            }
            RawSip.TcpOutcome outcome = closedWhileSending
                    ? new RawSip.TcpOutcome("", true, Duration.ofNanos(System.nanoTime() - started))
                    : RawSip.readUntilClosed(socket, started, READ_TIMEOUT.plus(SLACK));

            // Then the gateway closed it at the read timeout, without a byte of answer
            assertThat(outcome.closed()).as("closed").isTrue();
            assertThat(outcome.after()).isLessThan(READ_TIMEOUT.plus(SLACK));
            assertThat(outcome.received()).isEmpty();
        }
        assertThat(server.timedOutConnections()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> server.openTcpConnections() == 0);
    }

    @Test
    void shouldCloseAnIdleTlsConnectionAfterTheIdleTimeoutAndNotBefore() throws Exception {
        // Given a TLS listener with a 1.5 s idle timeout
        start(READ_TIMEOUT, IDLE_TIMEOUT);

        // When a Voice Connector completes a handshake, gets its OPTIONS answered, then sends nothing
        try (TlsSipClient phone = new TlsSipClient(client, server.tlsPort())) {
            long started = System.nanoTime();
            phone.send(RawSip.options(server.tlsPort(), phone.localPort(), "TLS", "tls-idle"));
            assertThat(phone.readFinal()).startsWith("SIP/2.0 200");

            // Then the gateway closes the connection once the idle timeout has passed
            await().atMost(IDLE_TIMEOUT.plus(SLACK).plusSeconds(1)).until(() -> server.openTcpConnections() == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(100));
            assertThat(server.timedOutConnections()).isEqualTo(1);
        }
    }

    @Test
    void shouldLogARefusedHandshakeAsOneWarningNamingThePeerAndTheReason() throws Exception {
        // Given openssl, which can still be told to offer TLS 1.1, and a TLS listener
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        start(READ_TIMEOUT, IDLE_TIMEOUT);

        try (LogCapture logs = new LogCapture()) {
            // When a peer offers TLS 1.1 only, three times
            for (int i = 0; i < 3; i++) {
                openssl(
                        "s_client",
                        "-brief",
                        "-connect",
                        "127.0.0.1:" + server.tlsPort(),
                        "-tls1_1",
                        "-cipher",
                        "DEFAULT:@SECLEVEL=0");
            }

            // Then every handshake was refused, and the log says so once, naming who and why, with no stack
            await().atMost(Duration.ofSeconds(5)).until(() -> server.refusedTlsConnections() == 3);
            List<ILoggingEvent> warnings = logs.atLeast(Level.WARN).stream()
                    .filter(e -> e.getFormattedMessage().contains("TLS handshake"))
                    .toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.getFirst().getFormattedMessage())
                    .contains("Refused SIP over TLS from 127.0.0.1")
                    .contains("the TLS handshake failed")
                    .containsIgnoringCase("protocol");
            assertThat(warnings.getFirst().getThrowableProxy()).isNull();
        }
    }

    private void start(Duration readTimeout, Duration idleTimeout) throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 60);
        client = TestKeystores.clientTrusting(keystore);
        // The server judges the certificate at a fixed instant inside its validity.
        Clock clock = Clock.fixed(
                TestKeystores.certificate(keystore).getNotBefore().toInstant().plusSeconds(3600), ZoneOffset.UTC);
        server = new SipServer(
                SipTlsListenerTest.withTls(SipTestServers.sip(readTimeout, idleTimeout)),
                new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "", ""),
                clock,
                SipTestServers.rtp(),
                sessions);
        server.start();
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
