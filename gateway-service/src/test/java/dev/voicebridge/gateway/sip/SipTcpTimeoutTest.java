package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TCP against peers that hold connections open: a request that stops halfway, one trickled
 * a byte at a time, and a connection that sends nothing are closed by the gateway within the
 * configured read and idle timeouts (short ones here), while a peer that keeps sending whole requests
 * keeps its connection.
 */
class SipTcpTimeoutTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(1500);
    /** Sweep period plus scheduling on a busy 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1000);

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
    void shouldCloseConnectionsWhoseRequestStopsHalfwayWithinTheReadTimeout() throws Exception {
        // Given a gateway with a 500 ms TCP read timeout
        server = start(READ_TIMEOUT, Duration.ofSeconds(30));

        // When 20 peers each send the first half of an INVITE and then nothing
        List<Socket> sockets = new ArrayList<>();
        List<RawSip.TcpOutcome> outcomes = new ArrayList<>();
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                sockets.add(socket);
                String invite = RawSip.invite(server.port(), socket.getLocalPort(), "TCP", "half-" + i, "");
                RawSip.write(socket, invite.substring(0, invite.length() / 2));
            }
            for (Socket socket : sockets) {
                outcomes.add(RawSip.readUntilClosed(socket, started, READ_TIMEOUT.plus(SLACK)));
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }

        // Then the gateway closed every one within the read timeout (plus a sweep), without answering
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.closed())
                    .as("closed within %s", READ_TIMEOUT.plus(SLACK))
                    .isTrue();
            assertThat(o.received()).isEmpty();
        });
        assertThat(server.timedOutConnections()).isEqualTo(20);
        await().atMost(Duration.ofSeconds(2)).until(() -> server.openTcpConnections() == 0);
        assertThat(sessions.opened).isEmpty();
    }

    @Test
    void shouldCloseARequestTrickledAByteAtATimeAtTheReadTimeout() throws Exception {
        // Given a gateway with a 500 ms TCP read timeout and a 30 s idle timeout
        server = start(READ_TIMEOUT, Duration.ofSeconds(30));

        // When a peer sends an OPTIONS one byte every 50 ms, so bytes never stop coming
        boolean closedWhileSending = false;
        long started;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            String options = RawSip.options(server.port(), socket.getLocalPort(), "TCP", "trickle");
            started = System.nanoTime();
            for (char c : options.toCharArray()) {
                try {
                    RawSip.write(socket, String.valueOf(c));
                } catch (java.io.IOException closed) {
                    closedWhileSending = true;
                    break;
                }
                if (System.nanoTime() - started > READ_TIMEOUT.plus(SLACK).toNanos()) {
                    break;
                }
                Thread.sleep(50);
            }
            RawSip.TcpOutcome outcome = closedWhileSending
                    ? new RawSip.TcpOutcome("", true, Duration.ofNanos(System.nanoTime() - started))
                    : RawSip.readUntilClosed(socket, started, READ_TIMEOUT.plus(SLACK));

            // Then the gateway closes it at the read timeout, long before the request is whole
            assertThat(outcome.closed()).as("closed").isTrue();
            assertThat(outcome.after()).isLessThan(READ_TIMEOUT.plus(SLACK));
            assertThat(outcome.received()).isEmpty();
        }
    }

    @Test
    void shouldCloseAConnectionThatSendsNothingAfterTheIdleTimeout() throws Exception {
        // Given a gateway with a 1.5 s TCP idle timeout
        server = start(READ_TIMEOUT, IDLE_TIMEOUT);

        // When a peer connects, gets an answer to one OPTIONS, and then sends nothing
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            long started = System.nanoTime();
            RawSip.write(socket, RawSip.options(server.port(), socket.getLocalPort(), "TCP", "idle"));
            RawSip.TcpOutcome outcome = RawSip.readUntilClosed(socket, started, IDLE_TIMEOUT.plus(SLACK));

            // Then the gateway answered, and closed the connection after the idle timeout, not before
            assertThat(outcome.received()).startsWith("SIP/2.0 200 OK");
            assertThat(outcome.closed())
                    .as("closed within %s", IDLE_TIMEOUT.plus(SLACK))
                    .isTrue();
            assertThat(outcome.after()).isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(100));
        }
    }

    @Test
    void shouldKeepAConnectionThatKeepsSendingWholeRequests() throws Exception {
        // Given a gateway with a 500 ms read and a 1.5 s idle timeout
        server = start(READ_TIMEOUT, IDLE_TIMEOUT);

        // When a peer sends a whole OPTIONS every 400 ms for 3.2 s, each in two parts 100 ms apart
        int answered = 0;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            for (int i = 0; i < 8; i++) {
                String options = RawSip.options(server.port(), socket.getLocalPort(), "TCP", "keep-" + i);
                RawSip.write(socket, options.substring(0, 40));
                Thread.sleep(100);
                RawSip.write(socket, options.substring(40));
                RawSip.TcpOutcome outcome = RawSip.readUntilClosed(socket, System.nanoTime(), Duration.ofMillis(300));
                assertThat(outcome.closed()).as("closed after request %d", i).isFalse();
                if (outcome.received().startsWith("SIP/2.0 200 OK")) {
                    answered++;
                }
            }
        }

        // Then every request was answered on the same connection, which the gateway never closed
        assertThat(answered).isEqualTo(8);
        assertThat(server.timedOutConnections()).isZero();
    }

    private SipServer start(Duration readTimeout, Duration idleTimeout) {
        return SipTestServers.start(SipTestServers.sip(readTimeout, idleTimeout), SipTestServers.rtp(), sessions);
    }
}
