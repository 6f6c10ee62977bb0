package dev.voicebridge.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway as its own operating-system process ({@code java -cp <gateway runtime classpath>
 * GatewayApplication}), configured only through environment variables, as the container on a host
 * is. A child process rather than a Spring context in the test JVM so that the drain is the real
 * one: SIGTERM, the JVM's shutdown hook, the context close, {@code CallDrain}, the process exit —
 * nothing the test could call in-process would cover the signal path or prove the process really
 * ends once its calls have. Its output goes to a file under {@code target/scale-test}. Used from
 * the test thread and the drain stand-in's thread; {@link Process} is thread-safe.
 */
final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Inherited variables the gateway reads: never let the developer's shell configure the test's gateways. */
    private static final List<String> NOT_INHERITED =
            List.of("GATEWAY_", "AZURE_", "CALL_REGISTRY_", "AWS_", "SERVER_");

    private final String name;
    private final String adminToken;
    private final int httpPort;
    private final Path log;
    private final Process process;

    private GatewayProcess(String name, String adminToken, int httpPort, Path log, Process process) {
        this.name = name;
        this.adminToken = adminToken;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /** Starts the gateway with {@code env} on top of a clean environment, plus its HTTP port and admin token. */
    static GatewayProcess start(String name, Map<String, String> env) throws IOException {
        int httpPort = freeTcpPort();
        String adminToken = "scale-test-admin-" + name;
        Path dir = Files.createDirectories(Path.of("target", "scale-test"));
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                // Two gateways and the test share two cores: a quick start matters more than peak speed.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-cp",
                gatewayClasspath(),
                "dev.voicebridge.gateway.GatewayApplication"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(key -> NOT_INHERITED.stream().anyMatch(key::startsWith));
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", Integer.toString(httpPort));
        builder.environment().put("GATEWAY_ADMIN_TOKEN", adminToken);
        builder.environment().put("GATEWAY_LOG_FORMAT", "");
        return new GatewayProcess(name, adminToken, httpPort, log, builder.start());
    }

    String name() {
        return name;
    }

    /** Waits for {@code /actuator/health/readiness} to answer 200, as the host's join script does. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                HttpResponse<Void> readiness = HTTP.send(
                        HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (readiness.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ":\n" + logTail());
    }

    /** GET on the admin API with this gateway's token; the body as JSON. */
    JsonNode admin(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + adminToken)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    name + " answered " + response.statusCode() + " to GET " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** SIGTERM, what {@code docker stop} sends the container's process ({@link Process#destroy} on Linux). */
    void sigterm() {
        process.destroy();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code. Fails when it still runs after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(
                    name + " still runs " + timeout + " after it was told to stop:\n" + logTail());
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail() {
        String text = logText();
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The gateway's runtime classpath, written by maven-dependency-plugin (scale-test/pom.xml). */
    private static String gatewayClasspath() throws IOException {
        String file = System.getProperty("gateway.classpath.file");
        if (file == null) {
            throw new IllegalStateException(
                    "system property gateway.classpath.file is not set: run this test through Maven (./mvnw -pl scale-test -am test)");
        }
        return Files.readString(Path.of(file)).strip();
    }

    static int freeTcpPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
