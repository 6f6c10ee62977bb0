package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A source outside the allowlist gets nothing at all: no answer to good or bad SIP over UDP, and a
 * closed TCP connection, because the allowlist is checked before the stack parses a byte. The tests
 * send from 127.0.0.1 to a gateway that only allows 10.0.0.0/8.
 */
class SipOutsideSourceTest {

    private final EchoCallSessions sessions = new EchoCallSessions();
    private SipServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        sessions.close();
    }

    @Test
    void shouldAnswerNothingOverUdpToASourceOutsideTheAllowlist() throws Exception {
        // Given a gateway that only takes SIP from 10.0.0.0/8
        server = start(List.of("10.0.0.0/8"));

        // When 127.0.0.1 sends a good OPTIONS, an INVITE and a request whose Content-Length overruns its body
        String answers;
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int local = udp.getLocalPort();
            RawSip.send(udp, server.port(), RawSip.options(server.port(), local, "UDP", "out-1"));
            RawSip.send(udp, server.port(), RawSip.invite(server.port(), local, "UDP", "out-2", ""));
            RawSip.send(
                    udp,
                    server.port(),
                    RawSip.options(server.port(), local, "UDP", "out-3")
                            .replace("Content-Length: 0", "Content-Length: 9999"));
            answers = RawSip.receiveAll(udp, Duration.ofMillis(1500));
        }

        // Then not one byte comes back, and the refusals are counted
        assertThat(answers).isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.rejectedSources() >= 3);
        assertThat(sessions.opened).isEmpty();
    }

    @Test
    void shouldCloseATcpConnectionFromASourceOutsideTheAllowlistWithoutAnswering() throws Exception {
        // Given a gateway that only takes SIP from 10.0.0.0/8
        server = start(List.of("10.0.0.0/8"));

        // When 127.0.0.1 connects over TCP and sends a request whose Content-Length overruns its body
        RawSip.TcpOutcome outcome;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            long started = System.nanoTime();
            try {
                RawSip.write(
                        socket,
                        RawSip.options(server.port(), socket.getLocalPort(), "TCP", "out-tcp")
                                .replace("Content-Length: 0", "Content-Length: 9999"));
            } catch (java.io.IOException alreadyClosed) {
                // the gateway may have closed the connection before the request went out
            }
            outcome = RawSip.readUntilClosed(socket, started, Duration.ofSeconds(3));
        }

        // Then the gateway closes the connection at once without writing anything
        assertThat(outcome.closed()).as("closed by the gateway").isTrue();
        assertThat(outcome.after()).isLessThan(Duration.ofSeconds(1));
        assertThat(outcome.received()).isEmpty();
        assertThat(server.rejectedSources()).isPositive();
    }

    @Test
    void shouldStillAnswerASourceInsideTheAllowlist() throws Exception {
        // Given a gateway that takes SIP from loopback
        server = start(List.of("127.0.0.0/8"));

        // When 127.0.0.1 sends OPTIONS over UDP and over TCP
        String udpAnswer;
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            RawSip.send(udp, server.port(), RawSip.options(server.port(), udp.getLocalPort(), "UDP", "in-1"));
            udpAnswer = RawSip.receiveAll(udp, Duration.ofMillis(1500));
        }
        RawSip.TcpOutcome tcp;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            RawSip.write(socket, RawSip.options(server.port(), socket.getLocalPort(), "TCP", "in-2"));
            tcp = RawSip.readUntilClosed(socket, System.nanoTime(), Duration.ofMillis(1500));
        }

        // Then both get 200 OK, and the TCP connection stays open
        assertThat(udpAnswer).startsWith("SIP/2.0 200 OK");
        assertThat(tcp.received()).startsWith("SIP/2.0 200 OK");
        assertThat(tcp.closed()).isFalse();
        assertThat(server.rejectedSources()).isZero();
    }

    private SipServer start(List<String> allowedCidrs) {
        return SipTestServers.start(
                SipTestServers.sip(Duration.ZERO, allowedCidrs, 10), SipTestServers.rtp(), sessions);
    }
}
