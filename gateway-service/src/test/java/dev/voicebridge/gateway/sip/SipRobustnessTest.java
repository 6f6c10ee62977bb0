package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Load and hostile input: 50 concurrent SIPp calls, and RFC 4475-style malformed messages fired
 * while a good call is up and before another one starts. Bad input may get a 4xx or nothing, but
 * must never disturb a call.
 */
class SipRobustnessTest {

    private final EchoCallSessions sessions = new EchoCallSessions();
    private SipServer server;

    @BeforeAll
    static void needsSipp() {
        Sipp.requireInstalled();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        sessions.close();
    }

    @Test
    void shouldCarryFiftyConcurrentCalls() throws Exception {
        // Given a running gateway
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);

        // When SIPp places 50 calls of 3 s at 50 calls per second
        Sipp.Result result =
                Sipp.run(Sipp.Run.of("uac-short-call.xml", server.port()).calls(50, 50, 50));

        // Then all succeed, each got its own session, and they really overlapped
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(sessions.opened).hasSize(50);
        assertThat(sessions.opened).extracting(c -> c.setup.callId()).doesNotHaveDuplicates();
        assertThat(sessions.maxConcurrent.get()).isGreaterThanOrEqualTo(40);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldShrugOffMalformedMessagesWithoutDisturbingCalls() throws Exception {
        // Given a gateway with a call up
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);
        Sipp.Started callDuringBurst = Sipp.start(Sipp.Run.of("uac-short-call.xml", server.port()));
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.opened.size() == 1);

        // When a burst of malformed and hostile messages arrives over UDP and TCP
        Map<String, String> answers = new LinkedHashMap<>();
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            udp.setSoTimeout(700);
            for (int round = 0; round < 5; round++) {
                for (Map.Entry<String, String> m : MalformedSip.catalogue(server.port(), udp.getLocalPort(), round)
                        .entrySet()) {
                    answers.put(m.getKey(), exchange(udp, m.getValue()));
                }
            }
        }
        for (String message : MalformedSip.catalogue(server.port(), 5999, 99).values()) {
            sendOverTcp(message);
        }

        // Then each got a sensible 4xx/5xx or nothing
        assertThat(answers)
                .containsEntry("unknown method", "501")
                .containsEntry("Content-Length larger than body", "400")
                .containsEntry("SDP garbage", "488")
                .containsEntry("no SDP offer", "488")
                .containsEntry("unsupported Require", "420")
                .containsEntry("BYE for no dialog", "481")
                .containsEntry("REGISTER", "405");
        assertThat(answers.get("binary garbage")).isEqualTo("no answer");
        assertThat(answers.get("missing Call-ID")).isIn("400", "no answer");
        assertThat(answers.get("CSeq overflow")).isIn("400", "no answer");
        assertThat(answers.get("INVITE without Contact")).isEqualTo("400");
        assertThat(answers.get("unknown URI scheme")).isIn("416", "400");
        assertThat(answers.get("negative Content-Length")).isIn("400", "no answer");
        assertThat(answers.get("oversized request")).isIn("513", "400", "no answer");

        // and the call that was up finished normally
        Sipp.Result during = Sipp.finish(callDuringBurst);
        assertThat(during.allCallsSucceeded()).as(during.output()).isTrue();
        // and new calls and pings still work
        Sipp.Result after = Sipp.run(Sipp.Run.of("uac-short-call.xml", server.port()));
        assertThat(after.allCallsSucceeded()).as(after.output()).isTrue();
        Sipp.Result ping =
                Sipp.run(Sipp.Run.of("uac-options.xml", server.port()).tcp());
        assertThat(ping.allCallsSucceeded()).as(ping.output()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    /**
     * Sends one datagram and returns the status code of the final answer to it, matched by Via
     * branch (retransmitted answers to earlier INVITEs keep arriving), or "no answer".
     */
    private String exchange(DatagramSocket udp, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        udp.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", server.port())));
        java.util.regex.Matcher sent = BRANCH.matcher(message);
        String branch = sent.find() ? sent.group(1) : "(none)";
        byte[] buffer = new byte[65535];
        long deadline = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < deadline) {
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(answer);
            } catch (SocketTimeoutException e) {
                return "no answer";
            }
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher got = BRANCH.matcher(text);
            if (!text.startsWith("SIP/2.0 ") || !got.find() || !got.group(1).equals(branch)) {
                continue;
            }
            String status = text.substring(8, 11);
            if (!status.equals("100")) {
                return status;
            }
        }
        return "no answer";
    }

    private static final java.util.regex.Pattern BRANCH = java.util.regex.Pattern.compile("branch=([^;\\r\\n]+)");

    private void sendOverTcp(String message) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            out.write(message.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            try {
                socket.getInputStream().read(new byte[4096]);
            } catch (SocketTimeoutException e) {
                // no answer is a fine answer to garbage
            }
        }
    }
}
