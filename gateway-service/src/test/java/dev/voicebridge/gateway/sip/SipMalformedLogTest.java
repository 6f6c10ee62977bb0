package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed SIP from a source the gateway talks to is logged once, briefly: who sent it, how big it
 * was and what was wrong, at most one line per source per minute, never the bytes (a request can
 * carry a token) and never a stack trace.
 */
class SipMalformedLogTest {

    private static final Pattern DECIMAL_DUMP = Pattern.compile("-?\\d{1,3}, -?\\d{1,3}, -?\\d{1,3}, -?\\d{1,3}");

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
    void shouldLogACutOffInviteOnceBrieflyWithoutStackTraceOrPacketDump() throws Exception {
        // Given a running gateway whose log is captured
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);
        try (LogCapture log = new LogCapture();
                DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int local = udp.getLocalPort();

            // When one source sends a 60 KB INVITE, cut off by the 16 KB receive buffer before its CSeq, 20 times
            String huge = RawSip.invite(server.port(), local, "UDP", "huge", "Subject: " + "A".repeat(60_000) + "\r\n");
            for (int i = 0; i < 20; i++) {
                RawSip.send(udp, server.port(), huge);
                Thread.sleep(20); // a burst of 60 KB datagrams would overflow the socket's receive buffer
            }
            // and then a good OPTIONS, which still gets its answer
            RawSip.send(udp, server.port(), RawSip.options(server.port(), local, "UDP", "after"));
            assertThat(RawSip.receiveAll(udp, Duration.ofSeconds(2))).contains("SIP/2.0 200 OK");
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> !log.atLeast(Level.INFO).isEmpty());
            Thread.sleep(300); // the stack's worker threads finish the last datagrams

            // Then one short line names the source, the size and the fault
            List<ILoggingEvent> lines = log.atLeast(Level.INFO).stream()
                    .filter(e -> !e.getFormattedMessage().startsWith("SIP endpoint"))
                    .toList();
            assertBrief(lines);
            assertThat(lines).extracting(SipMalformedLogTest::abbreviate).hasSize(1);
            assertThat(lines.get(0).getLevel()).isIn(Level.WARN, Level.INFO);
            assertThat(lines.get(0).getFormattedMessage())
                    .contains("127.0.0.1")
                    .contains("UDP")
                    .contains("16384 bytes")
                    .contains("cut off");
            // and more were counted than logged (loopback UDP may still lose a 60 KB datagram under load)
            assertThat(server.malformedMessages()).isBetween(2L, 20L);
        }
    }

    @Test
    void shouldLogARequestWithoutMandatoryHeadersOverTcpOnceBriefly() throws Exception {
        // Given a running gateway whose log is captured
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);
        try (LogCapture log = new LogCapture();
                Socket socket = new Socket("127.0.0.1", server.port())) {
            int local = socket.getLocalPort();

            // When a TCP peer sends five INVITEs without From and CSeq, then a good OPTIONS
            for (int i = 0; i < 5; i++) {
                String bad = RawSip.invite(server.port(), local, "TCP", "nofrom-" + i, "")
                        .replaceAll("From: [^\r]*\r\n", "")
                        .replaceAll("CSeq: [^\r]*\r\n", "");
                RawSip.write(socket, bad);
            }
            RawSip.write(socket, RawSip.options(server.port(), local, "TCP", "after"));
            RawSip.TcpOutcome outcome = RawSip.readUntilClosed(socket, System.nanoTime(), Duration.ofSeconds(2));
            assertThat(outcome.received()).startsWith("SIP/2.0 200 OK");
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> !log.atLeast(Level.INFO).isEmpty());
            Thread.sleep(300);

            // Then one short line names the source and what was missing
            List<ILoggingEvent> lines = log.atLeast(Level.INFO).stream()
                    .filter(e -> !e.getFormattedMessage().startsWith("SIP endpoint"))
                    .toList();
            assertBrief(lines);
            assertThat(lines).extracting(SipMalformedLogTest::abbreviate).hasSize(1);
            assertThat(lines.get(0).getFormattedMessage())
                    .contains("127.0.0.1")
                    .contains("TCP")
                    .contains("From")
                    .contains("CSeq");
        }
    }

    /** No stack trace, no packet bytes (as text or as decimals), and short; failures quote 200 chars at most. */
    private static void assertBrief(List<ILoggingEvent> lines) {
        List<String> faults = new ArrayList<>();
        for (ILoggingEvent e : lines) {
            String m = e.getFormattedMessage();
            if (e.getThrowableProxy() != null) {
                faults.add("stack trace on: " + abbreviate(e));
            }
            if (m.contains("sip:gateway@")
                    || m.contains("AAAAAAAA")
                    || DECIMAL_DUMP.matcher(m).find()) {
                faults.add("packet dump in: " + abbreviate(e));
            }
            if (m.length() >= 300) {
                faults.add(m.length() + " characters: " + abbreviate(e));
            }
        }
        assertThat(faults).isEmpty();
    }

    private static String abbreviate(ILoggingEvent e) {
        String m = e.getFormattedMessage();
        return e.getLevel() + " " + (m.length() > 200 ? m.substring(0, 200) + "..." : m);
    }
}
