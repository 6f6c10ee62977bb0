package dev.voicebridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private RealtimeSimulator simulator;

    @AfterEach
    void tearDown() {
        simulator.close();
    }

    private int status(URI uri, java.util.function.Consumer<io.netty.handler.codec.http.HttpHeaders> headers) {
        try (RealtimeTestClient client = RealtimeTestClient.connect(uri, headers)) {
            return client.awaitHandshake();
        }
    }

    @Test
    void shouldAcceptTheApiKeyHeaderOrTheBearerTokenAndRefuseAnythingElseWith401() {
        // Given a running simulator
        simulator = RealtimeSimulator.start();
        URI ga = simulator.gaUri();

        // When clients connect with various credentials, Then only valid ones are upgraded
        assertThat(status(ga, h -> h.set("api-key", simulator.apiKey()))).isEqualTo(101);
        assertThat(status(ga, h -> h.set("Authorization", "Bearer " + simulator.bearerToken())))
                .isEqualTo(101);
        assertThat(status(URI.create(ga + "&api-key=" + simulator.apiKey()), h -> {}))
                .isEqualTo(101);
        assertThat(status(ga, h -> h.set("api-key", "wrong"))).isEqualTo(401);
        assertThat(status(ga, h -> h.set("Authorization", "Bearer wrong"))).isEqualTo(401);
        assertThat(status(ga, h -> {})).isEqualTo(401);
        assertThat(simulator.sessions()).hasSize(3);
    }

    @Test
    void shouldRefuseAnApiVersionOnTheGaPathAndAnUnknownDeployment() {
        // Given a running simulator
        simulator = RealtimeSimulator.start();
        String base = "ws://127.0.0.1:" + simulator.port();

        // When clients use a wrong URL, Then they get Azure's statuses
        assertThat(status(
                        URI.create(simulator.gaUri() + "&api-version=2025-04-01-preview"),
                        h -> h.set("api-key", simulator.apiKey())))
                .isEqualTo(401);
        assertThat(status(
                        URI.create(base + "/openai/v1/realtime?model=nope"), h -> h.set("api-key", simulator.apiKey())))
                .isEqualTo(404);
        assertThat(status(
                        URI.create(base + "/openai/realtime?deployment=" + simulator.deployment()),
                        h -> h.set("api-key", simulator.apiKey())))
                .isEqualTo(404);
        assertThat(simulator.sessions()).isEmpty();
    }

    @Test
    void shouldRefuseTheFirstHandshakesWith429WhenScripted() {
        // Given the first two handshakes are rate limited
        simulator = RealtimeSimulator.start(SimulatorOptions.builder()
                .fault(new Fault.HandshakeRejection(2, 429, 1))
                .build());

        // When three clients connect in turn
        int first = status(simulator.gaUri(), h -> h.set("api-key", simulator.apiKey()));
        int second = status(simulator.gaUri(), h -> h.set("api-key", simulator.apiKey()));
        int third = status(simulator.gaUri(), h -> h.set("api-key", simulator.apiKey()));

        // Then two are refused and the third gets a session
        assertThat(new int[] {first, second, third}).containsExactly(429, 429, 101);
        assertThat(simulator.handshakes())
                .extracting(RealtimeSimulator.Handshake::status)
                .containsExactly(429, 429, 101);
    }
}
