package dev.voicebridge.gateway.admin.health;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: can a new call reach Azure? DOWN when no endpoint is configured, when the
 * endpoint does not accept a TCP (and, for https, TLS) connection, or when the last
 * {@code failures} calls in a row ended AZURE_UNAVAILABLE within {@code window} (wrong key, wrong
 * deployment, quota: things a socket probe cannot see). The streak stops counting after
 * {@code window}, so the load balancer tries the gateway again instead of keeping it out forever.
 * The probe runs at most once per {@code probeInterval}; health checks read the cached answer.
 */
public final class AzureReachability implements HealthIndicator {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Supplier<URI> endpoint;
    private final Duration probeInterval;
    private final int failures;
    private final Duration window;
    private final Clock clock;
    private final AtomicInteger streak = new AtomicInteger();
    private volatile Instant lastFailure = Instant.MIN;
    private volatile Instant probedAt = Instant.MIN;
    private volatile String probeProblem;

    /**
     * @param endpoint the Azure endpoint new calls use (AZURE_OPENAI_ENDPOINT), or null when unset
     */
    public AzureReachability(
            Supplier<URI> endpoint, Duration probeInterval, int failures, Duration window, Clock clock) {
        this.endpoint = endpoint;
        this.probeInterval = probeInterval;
        this.failures = failures;
        this.window = window;
        this.clock = clock;
    }

    /** A call ended because Azure could not be reached after every retry. */
    public void callFailed() {
        streak.incrementAndGet();
        lastFailure = clock.instant();
    }

    /** A call got a working Azure session. */
    public void callSucceeded() {
        streak.set(0);
    }

    @Override
    public Health health() {
        URI uri = endpoint.get();
        if (uri == null) {
            return Health.down()
                    .withDetail("reason", "AZURE_OPENAI_ENDPOINT is not set")
                    .build();
        }
        Instant now = clock.instant();
        if (streak.get() >= failures && lastFailure.plus(window).isAfter(now)) {
            return Health.down()
                    .withDetail("reason", streak.get() + " calls in a row could not get an Azure session")
                    .withDetail("retryAfter", lastFailure.plus(window).toString())
                    .build();
        }
        if (probedAt.plus(probeInterval).isBefore(now)) {
            probeProblem = probe(uri);
            probedAt = now;
        }
        String problem = probeProblem;
        return problem == null
                ? Health.up()
                        .withDetail("endpoint", String.valueOf(uri.getHost()))
                        .build()
                : Health.down()
                        .withDetail("endpoint", String.valueOf(uri.getHost()))
                        .withDetail("reason", problem)
                        .build();
    }

    /** Null when the endpoint accepted a connection (and a TLS handshake for https/wss). */
    static String probe(URI endpoint) {
        String scheme =
                endpoint.getScheme() == null ? "https" : endpoint.getScheme().toLowerCase();
        boolean tls = scheme.equals("https") || scheme.equals("wss");
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
        String host = endpoint.getHost();
        if (host == null) {
            return "AZURE_OPENAI_ENDPOINT has no host: " + endpoint;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            if (tls) {
                socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
                try (SSLSocket ssl = (SSLSocket)
                        ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, false)) {
                    ssl.startHandshake();
                }
            }
            return null;
        } catch (Exception e) {
            return "cannot connect to " + host + ":" + port + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
    }
}
