package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import dev.voicebridge.gateway.sip.tls.TestKeystores;
import dev.voicebridge.gateway.sip.tls.TlsSetupException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIP over TLS listening point on real sockets: TLS 1.2+ with the configured certificate, SRTP
 * offers answered there, plain offers refused with 488, and "came over TLS" decided by the listener
 * the request arrived on, not by its Via. SIPp is not used: Debian's build has no TLS.
 */
class SipTlsListenerTest {

    @TempDir
    static Path dir;

    private static Path keystore;
    private static SSLContext client;
    private static Clock clock;
    private static EchoCallSessions sessions;
    private static SipServer server;

    @BeforeAll
    static void startServer() throws Exception {
        keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 60);
        client = TestKeystores.clientTrusting(keystore);
        // The server judges the certificate at a fixed instant inside its validity.
        clock = Clock.fixed(
                TestKeystores.certificate(keystore).getNotBefore().toInstant().plusSeconds(3600), ZoneOffset.UTC);
        sessions = new EchoCallSessions();
        server = new SipServer(
                tlsSip(),
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
    void shouldAnswerOptionsOverTls12OrLater() throws Exception {
        // Given a TLS connection to the listener
        try (TlsSipClient phone = new TlsSipClient(client, server.tlsPort())) {
            // When the Voice Connector pings
            phone.send(request("OPTIONS", "tls-options-1", phone.localPort(), "TLS", null));

            // Then it gets 200, over TLS 1.3 or 1.2
            assertThat(phone.readFinal()).startsWith("SIP/2.0 200");
            assertThat(phone.protocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void shouldRefuseTls11AndOlderEvenFromAClientThatWouldSpeakThem() throws Exception {
        // Given openssl, which (unlike the JDK's client) can still be told to offer TLS 1.1 and 1.0
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        String server = "127.0.0.1:" + SipTlsListenerTest.server.tlsPort();

        // When it offers TLS 1.1 only, Then the handshake fails; when it offers 1.2, it succeeds
        assertThat(openssl("-connect", server, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"))
                .doesNotContain("CONNECTION ESTABLISHED")
                .contains("error"); // the listener drops the connection (openssl: "unexpected eof")
        assertThat(openssl("-connect", server, "-tls1_2"))
                .contains("CONNECTION ESTABLISHED")
                .contains("Protocol version: TLSv1.2");
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-brief"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return output;
    }

    @Test
    void shouldRefuseAPlainOfferOnTheTlsListenerWith488() throws Exception {
        try (TlsSipClient phone = new TlsSipClient(client, server.tlsPort())) {
            // Given require-srtp (the default), When a plain RTP/AVP offer comes over TLS
            phone.send(request("INVITE", "tls-plain-1", phone.localPort(), "TLS", sdp("RTP/AVP", "")));

            // Then it is refused with 488 saying why
            String answer = phone.readFinal();
            assertThat(answer)
                    .startsWith("SIP/2.0 488")
                    .containsIgnoringCase("Warning:")
                    .contains("SRTP");
        }
    }

    @Test
    void shouldAnswerAnSdesOfferOverTlsWithOurOwnKeyAndTheTlsContact() throws Exception {
        try (TlsSipClient phone = new TlsSipClient(client, server.tlsPort())) {
            // Given an SRTP offer over TLS whose Via says TCP (the listener decides, not the Via)
            String callId = "tls-srtp-1";
            phone.send(request("INVITE", callId, phone.localPort(), "TCP", sdp("RTP/SAVP", CRYPTO)));

            // When it is answered
            String ok = phone.readFinal();

            // Then with SRTP, a fresh key of ours, and a Contact on the TLS port
            assertThat(ok).startsWith("SIP/2.0 200").contains("m=audio").contains("RTP/SAVP");
            assertThat(ok)
                    .containsPattern("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:")
                    .doesNotContain(KEY);
            assertThat(ok)
                    .containsPattern(
                            "(?i)Contact: <sip:voicebridge@127\\.0\\.0\\.1:" + server.tlsPort() + ";transport=tls>");
            assertThat(sessions.opened)
                    .anySatisfy(c -> assertThat(c.setup.attributes()).containsEntry("sip.transport", "tls"));

            // and the call ends normally over the same connection
            String toTag = toTag(ok);
            phone.send(request("ACK", callId, phone.localPort(), "TLS", null)
                    .replace("To: <sip:+15550100@127.0.0.1>", "To: <sip:+15550100@127.0.0.1>;tag=" + toTag));
            phone.send(request("BYE", callId, phone.localPort(), "TLS", null)
                    .replace("CSeq: 1 BYE", "CSeq: 2 BYE")
                    .replace("To: <sip:+15550100@127.0.0.1>", "To: <sip:+15550100@127.0.0.1>;tag=" + toTag));
            assertThat(phone.readFinal()).startsWith("SIP/2.0 200").contains("CSeq: 2 BYE");
        }
    }

    @Test
    void shouldRefuseSdesOverPlainTcpEvenWhenTheViaSaysTls() throws Exception {
        // Given an SRTP offer over plain TCP whose Via claims TLS
        try (Socket tcp = new Socket("127.0.0.1", server.port())) {
            tcp.setSoTimeout(15_000);
            tcp.getOutputStream()
                    .write(request("INVITE", "tcp-liar-1", tcp.getLocalPort(), "TLS", sdp("RTP/SAVP", CRYPTO))
                            .getBytes(StandardCharsets.UTF_8));

            // Then it is refused with 488: keys must not cross in clear
            assertThat(readUntilFinal(tcp.getInputStream())).startsWith("SIP/2.0 488");
        }
    }

    @Test
    void shouldFailTheStartNamingTheExpiredCertificate() {
        // Given the same keystore judged ten days after it expired (60 days of validity)
        Instant late = clock.instant().plusSeconds(70L * 86_400);
        SipServer expired = new SipServer(
                tlsSip(),
                new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "", ""),
                Clock.fixed(late, ZoneOffset.UTC),
                SipTestServers.rtp(),
                new EchoCallSessions());

        // When it starts, Then it fails saying which certificate and when it expired, without the password
        assertThatThrownBy(expired::start)
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("GATEWAY_SIP_TLS_KEYSTORE")
                .hasMessageContaining("CN=localhost")
                .hasMessageContaining("expired on")
                .hasMessageNotContaining(TestKeystores.PASSWORD);
        expired.stop();
    }

    @Test
    void shouldFailTheStartOnAWrongPassword() {
        SipServer wrong = new SipServer(
                tlsSip(),
                new SipTlsProperties(0, keystore.toString(), "wrong-one", "", ""),
                clock,
                SipTestServers.rtp(),
                new EchoCallSessions());
        assertThatThrownBy(wrong::start).isInstanceOf(TlsSetupException.class).hasMessageContaining("wrong password");
        wrong.stop();
    }

    @Test
    void shouldCloseATlsConnectionFromOutsideTheAllowlistBeforeAnyHandshake() throws Exception {
        // Given a TLS listener that takes SIP only from 10.0.0.0/8, so not from loopback
        SipProperties base = tlsSip();
        SipProperties outsideOnly = new SipProperties(
                base.enabled(),
                base.port(),
                base.bindAddress(),
                base.publicAddress(),
                base.transports(),
                java.util.List.of("10.0.0.0/8"),
                base.maxMessageBytes(),
                base.maxDialogs(),
                base.answerDelay(),
                base.readyWait(),
                base.codecs(),
                base.threads(),
                base.userAgent(),
                true,
                base.tcpReadTimeout(),
                base.tcpIdleTimeout());
        SipServer guarded = new SipServer(
                outsideOnly,
                new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "", ""),
                clock,
                SipTestServers.rtp(),
                new EchoCallSessions());
        guarded.start();
        try {
            // When a client from loopback connects and starts a handshake (the client's constructor)
            // Then the handshake fails at once: the connection was closed before it began
            long started = System.nanoTime();
            assertThatThrownBy(() -> new TlsSipClient(client, guarded.tlsPort()).close())
                    .isInstanceOf(java.io.IOException.class);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(10));
        } finally {
            guarded.stop();
        }
    }

    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e";
    private static final String CRYPTO = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31\r\n";

    static SipProperties tlsSip() {
        return withTls(SipTestServers.sip());
    }

    /** {@code base} with a TLS listener beside its UDP and TCP ones. */
    static SipProperties withTls(SipProperties base) {
        return new SipProperties(
                base.enabled(),
                base.port(),
                base.bindAddress(),
                base.publicAddress(),
                Set.of(SipProperties.Transport.UDP, SipProperties.Transport.TCP, SipProperties.Transport.TLS),
                base.allowedCidrs(),
                base.maxMessageBytes(),
                base.maxDialogs(),
                base.answerDelay(),
                base.readyWait(),
                base.codecs(),
                base.threads(),
                base.userAgent(),
                true,
                base.tcpReadTimeout(),
                base.tcpIdleTimeout());
    }

    private static String sdp(String profile, String crypto) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" + "m=audio 9 " + profile
                + " 0\r\na=rtpmap:0 PCMU/8000\r\n" + crypto + "a=sendrecv\r\n";
    }

    private static String request(String method, String callId, int localPort, String viaTransport, String sdp) {
        String body = sdp == null ? "" : sdp;
        return method + " sip:+15550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + viaTransport + " 127.0.0.1:" + localPort + ";branch=z9hG4bK-" + callId + method
                + "\r\n"
                + "From: <sip:+15550199@127.0.0.1>;tag=caller\r\n"
                + "To: <sip:+15550100@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + localPort + ";transport=tls>\r\n"
                + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String toTag(String response) {
        Matcher m = Pattern.compile("(?im)^To:.*;tag=([^;\\s>]+)").matcher(response);
        assertThat(m.find()).as("To tag in " + response).isTrue();
        return m.group(1);
    }

    private static String readUntilFinal(InputStream in) throws Exception {
        StringBuilder all = new StringBuilder();
        byte[] buf = new byte[4096];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return all.toString();
            }
            all.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            Matcher finalStatus = Pattern.compile("SIP/2\\.0 [2-6]\\d\\d").matcher(all);
            if (finalStatus.find()) {
                return all.substring(finalStatus.start());
            }
        }
    }
}
