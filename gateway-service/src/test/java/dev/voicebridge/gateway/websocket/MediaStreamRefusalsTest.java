package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.LogCapture;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A media source's mistakes over real WebSockets: each is refused by name (a close code and a reason
 * naming the field), logged as a refusal rather than a failure (no ERROR, no stack trace), and no
 * other call is touched. Shares {@link MediaStreamEndpointTest}'s transport-only context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = MediaStreamEndpointTest.TransportOnly.class,
        properties = {
            "voicebridge.websocket.token=s3cret-media-token",
            "voicebridge.websocket.start-timeout=1s",
            "voicebridge.websocket.signing-key=" + MediaStreamEndpointTest.SIGNING_KEY,
            "voicebridge.websocket.max-message-bytes=4096",
            "management.endpoint.health.validate-group-membership=false"
        })
class MediaStreamRefusalsTest {

    private static final String TOKEN = "s3cret-media-token";
    private static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    private static final String START = "{\"event\":\"start\",\"start\":{\"streamSid\":\"s\",\"mediaFormat\":"
            + "{\"encoding\":\"audio/x-mulaw\",%s}}}";

    @LocalServerPort
    int port;

    @Autowired
    RecordingCallSessions sessions;

    @BeforeEach
    void reset() {
        sessions.reset();
    }

    private URI media() {
        return URI.create("ws://127.0.0.1:" + port + "/media");
    }

    private MediaStreamTestClient client() {
        return MediaStreamTestClient.withToken(media(), TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sampleRate 1e30          | \"sampleRate\":1e30                            | malformed message: sampleRate is out of range",
                "sampleRate of 30 digits  | \"sampleRate\":123456789012345678901234567890  | malformed message: sampleRate is out of range",
                "sampleRate past an int   | \"sampleRate\":4294975296                      | malformed message: sampleRate is out of range",
                "channels past an int     | \"channels\":1e10                              | malformed message: channels is out of range"
            })
    void shouldRefuseAStartWhoseNumbersDoNotFitByNameNotAsAnInternalError(String name, String field, String reason) {
        try (LogCapture logs = LogCapture.start();
                MediaStreamTestClient client = client()) {
            // Given a source whose start carries a number no sample rate or channel count can be
            // When it starts its stream
            client.send(START.formatted(field));

            // Then the stream is closed 1007 naming the field, no call is opened, nothing is logged as a failure
            assertThat(client.awaitClosed()).isEqualTo(new MediaStreamTestClient.Closed(1007, reason));
            assertThat(sessions.calls).isEmpty();
            assertThat(logs.failures()).isEmpty();
        }
    }

    @Test
    void shouldEndOnlyTheStreamWhoseMediaCarriesAnOutOfRangeTimestamp() {
        try (LogCapture logs = LogCapture.start();
                MediaStreamTestClient healthy = started(SID, "call-42");
                MediaStreamTestClient broken = started("MZbroken", "call-43")) {
            // Given two calls streaming
            RecordingCallSessions.Call first = call("call-42");
            RecordingCallSessions.Call second = call("call-43");

            // When one sends media whose timestamp does not fit a long
            broken.send("{\"event\":\"media\",\"streamSid\":\"MZbroken\",\"media\":{\"payload\":\"AAAA\","
                    + "\"timestamp\":123456789012345678901234567890}}");

            // Then only that stream ends, 1007 naming the field, its call as a transport error; the
            // other call still carries audio, and nothing is logged as a failure
            assertThat(broken.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(1007, "malformed message: timestamp is out of range"));
            assertThat(second.awaitEnded()).isEqualTo(EndReason.TRANSPORT_ERROR);
            healthy.sendMedia(SID, new byte[160]);
            RecordingCallSessions.Await.until(() -> first.frames.size() == 1, "the healthy call's frame");
            assertThat(first.ended).isEmpty();
            assertThat(logs.failures()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "streamSid with a line break | MZ18ad3ab5a668481ce02b83e7395059f0 | MZ1\\nforged         | start.streamSid must be 1-128 characters of A-Z a-z 0-9 . _ : @ + -",
                "streamSid of 300 characters | MZ18ad3ab5a668481ce02b83e7395059f0 | LONG                   | start.streamSid must be 1-128 characters of A-Z a-z 0-9 . _ : @ + -",
                "from with a line break      | +15550100                          | +1555\\nforged        | from must be 1-128 characters without control characters or line breaks",
                "to of 300 characters        | +15550199                          | LONG                   | to must be 1-128 characters without control characters or line breaks"
            })
    void shouldRefuseByNameAStartWhoseStreamOrPartiesCouldNotBeLogged(
            String name, String original, String forged, String reason) {
        String value = forged.equals("LONG") ? "7".repeat(300) : forged;
        try (LogCapture logs = LogCapture.start();
                MediaStreamTestClient client = client()) {
            // Given a start whose stream id or caller/called party would be copied into log lines
            // When the source sends it
            client.send(MediaStreamTestClient.fixture("twilio-start.json").replace(original, value));

            // Then the stream is closed 1008 naming the field, no call is opened, and the refusal
            // is logged without the forged text
            assertThat(client.awaitClosed()).isEqualTo(new MediaStreamTestClient.Closed(1008, reason));
            assertThat(sessions.calls).isEmpty();
            assertThat(logs.events())
                    .noneSatisfy(e -> assertThat(e.getFormattedMessage()).containsAnyOf("forged", "7".repeat(129)));
            assertThat(logs.failures()).isEmpty();
        }
    }

    @Test
    void shouldCloseAMessageOverTheLimitSentInSeveralFramesWith1009() {
        try (LogCapture logs = LogCapture.start();
                MediaStreamTestClient client = started(SID, "call-42")) {
            // Given a started stream (messages of at most 4096 bytes)
            RecordingCallSessions.Call call = call("call-42");

            // When the source sends a 6000-byte message as two frames that are each under the limit
            client.sendFragmented("{\"event\":\"media\",\"x\":\"" + "a".repeat(2990), "a".repeat(3000) + "\"}");

            // Then the stream is closed 1009 naming the limit (not a plain 1000), the call ends as a
            // transport error, and the refusal is a warning naming the close, not a failure
            assertThat(client.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(
                            1009, "message exceeds 4096 bytes (GATEWAY_MEDIA_MAX_MESSAGE_BYTES)"));
            assertThat(call.awaitEnded()).isEqualTo(EndReason.TRANSPORT_ERROR);
            assertThat(logs.messages(MediaStreamSession.class, Level.WARN))
                    .anySatisfy(m ->
                            assertThat(m).contains("message exceeds 4096 bytes").contains("1009"));
            assertThat(logs.failures()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAnUpgradeOfAnotherWebSocketVersionWith426NotAnInternalError() throws IOException {
        try (LogCapture logs = LogCapture.start()) {
            // Given an authorised source that speaks WebSocket version 8
            // When it asks for the upgrade
            String response = http("GET /media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 8\r\n\r\n");

            // Then it is told the version this server speaks, as problem+json, and nothing is
            // logged as a failure
            assertThat(response)
                    .startsWith("HTTP/1.1 426")
                    .containsIgnoringCase("Sec-WebSocket-Version: 13")
                    .containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("Sec-WebSocket-Version must be 13");
            assertThat(logs.failures()).isEmpty();
        }
    }

    @Test
    void shouldRefuseAPlainRequestWithoutRepeatingItsHeaders() throws IOException {
        // Given an authorised client that forgets the upgrade
        // When it sends a plain GET to the media path
        String response = http("GET /media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n");

        // Then the 400 names the missing header and does not echo the request's, token and all
        assertThat(response).startsWith("HTTP/1.1 400").contains("send Upgrade: websocket");
        assertThat(response).doesNotContain(TOKEN);
    }

    @Test
    void shouldLogAFloodOfRefusedUpgradesAsAtMostOneLine() {
        try (LogCapture logs = LogCapture.start()) {
            // Given a client without the token (anyone who can reach the port)
            // When it tries to upgrade 20 times in a row, well within the 10 s between two lines
            for (int i = 0; i < 20; i++) {
                assertThat(MediaStreamTestClient.withToken(media(), "guess-" + i)
                                .awaitHandshake())
                        .isEqualTo(401);
            }

            // Then every attempt is refused, but the log grows by one line at most (none if another
            // test's refusal was logged less than 10 s ago); the rest are counted for the next line
            assertThat(logs.messages(MediaTokenFilter.class, Level.INFO)).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** One raw HTTP/1.1 exchange: clients that are not WebSocket clients cannot be made with one. */
    private String http(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[8192];
            StringBuilder out = new StringBuilder();
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (out.indexOf("\r\n\r\n") > 0 && out.toString().contains("\"status\"")) {
                    break;
                }
            }
            return out.toString();
        }
    }

    private RecordingCallSessions.Call call(String callId) {
        return RecordingCallSessions.Await.until(
                () -> sessions.calls.stream()
                        .filter(c -> c.setup.callId().equals(callId))
                        .findFirst()
                        .orElse(null),
                "call " + callId);
    }

    private MediaStreamTestClient started(String streamSid, String callId) {
        MediaStreamTestClient client = client();
        client.send(MediaStreamTestClient.fixture("twilio-start.json")
                .replace(SID, streamSid)
                .replace("call-42", callId));
        return client;
    }
}
