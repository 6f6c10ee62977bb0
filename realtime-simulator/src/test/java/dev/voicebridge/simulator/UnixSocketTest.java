package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;

/** A harness in the same machine can reach the simulator over a Unix socket; the protocol is the same. */
class UnixSocketTest {

    @TempDir
    Path dir;

    @Test
    void shouldSpeakTheRealtimeProtocolOverAUnixSocketAndRemoveItWhenClosed() throws Exception {
        assumeThat(Epoll.isAvailable())
                .as("Unix sockets need Netty's native epoll (Linux)")
                .isTrue();
        // Given a simulator on a Unix socket, keeping counters only
        Path socket = dir.resolve("azure.sock");
        String created;
        try (RealtimeSimulator simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .unixSocket(socket)
                .recordEvents(false)
                .build())) {

            // When a client connects there with the api key
            created = HttpClient.create()
                    .remoteAddress(() -> new DomainSocketAddress(socket.toString()))
                    .headers(h -> h.set("api-key", simulator.apiKey()))
                    .websocket()
                    .uri(RealtimeSimulator.GA_PATH + "?model=" + simulator.deployment())
                    .handle((in, out) -> in.receive().asString().take(1))
                    .blockFirst(Duration.ofSeconds(10));

            // Then the session opens as on TCP, and counters are kept though events are not
            assertThat(created).contains("\"type\":\"session.created\"");
            SessionRecord session = simulator.awaitSession(1, Duration.ofSeconds(5));
            assertThat(session.serverEventCount()).isEqualTo(1);
            assertThat(session.serverEvents()).isEmpty();
        }
        // And the socket file is gone with the simulator
        assertThat(Files.exists(socket)).isFalse();
    }
}
