package dev.voicebridge.gateway.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Clients that connect and then send nothing, or send their request head too slowly, are cut off
 * by the server: each such connection is held before any authentication. Raw sockets on loopback.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = HttpServerLimitsTest.ServerOnly.class,
        properties = {
            "voicebridge.http.idle-timeout=500ms",
            "management.endpoint.health.validate-group-membership=false"
        })
class HttpServerLimitsTest {

    /** Far beyond the 500 ms limit: a connection still open this long was not cut off. */
    private static final long GIVE_UP_MS = 6_000;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(HttpServerLimits.class)
    static class ServerOnly {}

    @LocalServerPort
    int port;

    @Test
    void shouldCloseAConnectionThatNeverSendsARequest() throws Exception {
        // Given a client that connects and sends nothing
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // Then the server closes it
            assertThat(serverClosed(socket, "", 0)).isTrue();
        }
    }

    @Test
    void shouldCloseAConnectionWhoseRequestHeadNeverEnds() throws Exception {
        // Given a client that sends half a request head and then waits
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /media HTTP/1.1\r\nHost: gateway\r\n");

            // Then the server closes it
            assertThat(serverClosed(socket, "", 0)).isTrue();
        }
    }

    @Test
    void shouldCloseAConnectionThatTricklesItsRequestHeadByteByByte() throws Exception {
        // Given a client that sends its upgrade request one byte every 100 ms (slowloris)
        String head = "GET /media HTTP/1.1\r\nHost: gateway\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "X-Padding: " + "a".repeat(60) + "\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            // Then the server closes it before the head is complete, although bytes keep coming
            assertThat(serverClosed(socket, head, 100)).isTrue();
        }
    }

    @Test
    void shouldAnswerAClientThatSendsItsRequestInTime() throws Exception {
        // Given a client that sends a whole request at once
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /actuator/health/liveness HTTP/1.1\r\nHost: gateway\r\n\r\n");

            // Then it gets an HTTP answer, not a closed socket
            socket.setSoTimeout(5_000);
            byte[] answer = socket.getInputStream().readNBytes(8);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1");
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Whether the server closes the socket within {@link #GIVE_UP_MS}, while {@code trickle} is sent slowly. */
    private static boolean serverClosed(Socket socket, String trickle, long everyMs) throws Exception {
        long start = System.nanoTime();
        socket.setSoTimeout(20);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        int sent = 0;
        long nextSend = 0;
        while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MS)) {
            try {
                if (in.read() == -1) {
                    return sent < trickle.length() || trickle.isEmpty();
                }
            } catch (SocketTimeoutException stillOpen) {
                // nothing yet
            } catch (IOException reset) {
                return true;
            }
            long now = System.nanoTime();
            if (sent < trickle.length() && now >= nextSend) {
                try {
                    out.write(trickle.charAt(sent++));
                    out.flush();
                } catch (IOException reset) {
                    return true;
                }
                nextSend = now + TimeUnit.MILLISECONDS.toNanos(everyMs);
            }
        }
        return false;
    }
}
