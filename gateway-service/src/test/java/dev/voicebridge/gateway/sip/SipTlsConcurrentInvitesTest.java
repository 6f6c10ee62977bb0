package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import dev.voicebridge.gateway.sip.tls.TestKeystores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Voice Connector sends its INVITEs over one TLS connection, several at once. The first requests on
 * a new connection are processed on several SIP worker threads together; each must still be answered
 * on that connection and get its media. Real sockets: a JDK TLS client, UDP sockets as the callers'
 * media, the gateway's SIP stack with the product's default worker threads.
 */
class SipTlsConcurrentInvitesTest {

    /** INVITEs written at once as a connection's first requests: one TLS record, parsed in one go. */
    private static final int CALLS_AT_ONCE = 8;

    /**
     * New connections, one after the other. The race this guards against happens only on a
     * connection's first requests and, on a fresh JVM, on about one connection in sixteen, so the test
     * opens enough of them to meet it most times; {@code transport.ConnectionCachingTest} replays the
     * race deterministically.
     */
    private static final int CONNECTIONS = 30;

    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e";
    private static final Pattern CALL_ID = Pattern.compile("(?im)^Call-ID:\\s*(\\S+)");
    private static final Pattern TO_TAG = Pattern.compile("(?im)^To:.*;tag=([^;\\s>]+)");

    @TempDir
    static Path dir;

    private static SSLContext client;
    private static EchoCallSessions sessions;
    private static SipServer server;

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 60);
        client = TestKeystores.clientTrusting(keystore);
        Clock clock = Clock.fixed(
                TestKeystores.certificate(keystore).getNotBefore().toInstant().plusSeconds(3600), ZoneOffset.UTC);
        sessions = new EchoCallSessions();
        server = new SipServer(
                withDefaultWorkerThreads(SipTlsListenerTest.tlsSip()),
                new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "", ""),
                clock,
                SipTestServers.rtp(),
                sessions);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
        if (sessions != null) {
            sessions.close();
        }
    }

    @Test
    void shouldAnswerEveryInviteSentAtOnceOverOneTlsConnectionAndGiveEachCallMedia() throws Exception {
        for (int connection = 0; connection < CONNECTIONS; connection++) {
            callAtOnce(Integer.toString(connection));
        }
    }

    /**
     * One connection whose first requests are {@link #CALLS_AT_ONCE} INVITEs sent at once: each call
     * must be answered, get media and hang up.
     */
    private static void callAtOnce(String connection) throws Exception {
        // Given a new TLS connection and a media socket for each of several callers
        List<RtpSink> media = new ArrayList<>();
        try (TlsSipClient trunk = new TlsSipClient(client, server.tlsPort())) {
            Map<String, RtpSink> calls = new LinkedHashMap<>();
            StringBuilder invites = new StringBuilder();
            for (int i = 0; i < CALLS_AT_ONCE; i++) {
                RtpSink sink = new RtpSink();
                media.add(sink);
                String callId = "concurrent-" + connection + "-" + i;
                calls.put(callId, sink);
                invites.append(invite(callId, trunk.localPort(), sink.port()));
            }

            // When their INVITEs are the connection's first requests, all written at once
            trunk.send(invites.toString());

            // Then every call is answered with SRTP on that connection
            Map<String, String> answers = finalAnswers(trunk, calls.size(), connection);
            assertThat(answers).as("connection %s", connection).containsOnlyKeys(calls.keySet());
            answers.forEach((callId, answer) ->
                    assertThat(answer).as(callId).startsWith("SIP/2.0 200").contains("RTP/SAVP"));

            // and, once confirmed, every call gets the gateway's media, and hangs up normally
            for (Map.Entry<String, String> answer : answers.entrySet()) {
                trunk.send(request("ACK", answer.getKey(), trunk.localPort(), 1, toTag(answer.getValue())));
            }
            Awaitility.await("media for every call on connection " + connection)
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> calls.forEach((callId, sink) ->
                            assertThat(sink.packets).as(callId).isNotEmpty()));
            for (Map.Entry<String, String> answer : answers.entrySet()) {
                trunk.send(request("BYE", answer.getKey(), trunk.localPort(), 2, toTag(answer.getValue())));
            }
            assertThat(finalAnswers(trunk, calls.size(), connection).values())
                    .allSatisfy(ok -> assertThat(ok).startsWith("SIP/2.0 200").contains(" BYE"));
        } finally {
            media.forEach(RtpSink::close);
        }
    }

    /** Final responses by Call-ID until there is one for {@code count} calls. */
    private static Map<String, String> finalAnswers(TlsSipClient trunk, int count, String connection) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        while (answers.size() < count) {
            String message;
            try {
                message = trunk.read();
            } catch (java.io.IOException e) {
                throw new AssertionError(
                        "connection " + connection + " ended after answers to " + answers.keySet() + ": " + e, e);
            }
            if (message.startsWith("SIP/2.0 ") && message.charAt(8) != '1') {
                Matcher callId = CALL_ID.matcher(message);
                assertThat(callId.find()).as("Call-ID in " + message).isTrue();
                answers.put(callId.group(1), message);
            }
        }
        return answers;
    }

    private static String toTag(String response) {
        Matcher m = TO_TAG.matcher(response);
        assertThat(m.find()).as("To tag in " + response).isTrue();
        return m.group(1);
    }

    private static String invite(String callId, int localPort, int mediaPort) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + mediaPort + " RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "\r\na=sendrecv\r\n";
        return request("INVITE", callId, localPort, 1, null)
                        .replace(
                                "Content-Length: 0\r\n",
                                "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n")
                + sdp;
    }

    private static String request(String method, String callId, int localPort, int cseq, String toTag) {
        return method + " sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + "-" + method + ";rport\r\n"
                + "From: <sip:+15550199@127.0.0.1>;tag=caller\r\n"
                + "To: <sip:+15550100@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + localPort + ";transport=tls>\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** {@code base} with the product's default SIP worker threads (GATEWAY_SIP_THREADS=8). */
    private static SipProperties withDefaultWorkerThreads(SipProperties base) {
        return new SipProperties(
                base.enabled(),
                base.port(),
                base.bindAddress(),
                base.publicAddress(),
                base.transports(),
                base.allowedCidrs(),
                base.maxMessageBytes(),
                base.maxDialogs(),
                base.answerDelay(),
                base.readyWait(),
                base.codecs(),
                8,
                base.userAgent(),
                base.requireSrtp(),
                base.tcpReadTimeout(),
                base.tcpIdleTimeout());
    }
}
