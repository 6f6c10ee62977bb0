package dev.voicebridge.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.health.AzureReachability;
import dev.voicebridge.testsupport.ManualClock;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Readiness's Azure part against real sockets on loopback. */
class AzureReachabilityTest {

    @Test
    void shouldBeDownWithoutAnEndpointAndWhenNothingListensThere() throws Exception {
        // Given no endpoint, and an endpoint on a port that was just closed
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        AzureReachability unset =
                new AzureReachability(() -> null, Duration.ZERO, 3, Duration.ofMinutes(1), Clock.systemUTC());
        AzureReachability closed = new AzureReachability(
                () -> URI.create("http://127.0.0.1:" + closedPort),
                Duration.ZERO,
                3,
                Duration.ofMinutes(1),
                Clock.systemUTC());

        // When readiness asks
        // Then both say DOWN and why
        assertThat(unset.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(unset.health().getDetails().get("reason").toString()).contains("AZURE_OPENAI_ENDPOINT");
        assertThat(closed.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(closed.health().getDetails().get("reason").toString()).contains("cannot connect to 127.0.0.1");
    }

    @Test
    void shouldGoDownAfterAStreakOfFailedCallsAndTryAgainAfterTheWindow() throws Exception {
        try (ServerSocket azure = new ServerSocket(0)) {
            // Given a reachable endpoint
            ManualClock clock = ManualClock.startingNow();
            AzureReachability reachability = new AzureReachability(
                    () -> URI.create("http://127.0.0.1:" + azure.getLocalPort()),
                    Duration.ofSeconds(15),
                    3,
                    Duration.ofMinutes(1),
                    clock);
            assertThat(reachability.health().getStatus()).isEqualTo(Status.UP);

            // When three calls in a row cannot get an Azure session
            reachability.callFailed();
            reachability.callFailed();
            assertThat(reachability.health().getStatus()).isEqualTo(Status.UP);
            reachability.callFailed();

            // Then readiness is down until the window has passed, then traffic is tried again
            assertThat(reachability.health().getStatus()).isEqualTo(Status.DOWN);
            clock.advance(Duration.ofSeconds(59));
            assertThat(reachability.health().getStatus()).isEqualTo(Status.DOWN);
            clock.advance(Duration.ofSeconds(2));
            assertThat(reachability.health().getStatus()).isEqualTo(Status.UP);
            // And a working call ends the streak at once
            reachability.callFailed();
            assertThat(reachability.health().getStatus()).isEqualTo(Status.DOWN);
            reachability.callSucceeded();
            assertThat(reachability.health().getStatus()).isEqualTo(Status.UP);
        }
    }
}
