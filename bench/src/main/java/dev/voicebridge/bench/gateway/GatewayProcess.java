package dev.voicebridge.bench.gateway;

import dev.voicebridge.bench.metrics.ProcessCpu;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway under test, in a JVM of its own so its CPU time, heap and RSS are its alone: the real
 * {@code GatewayApplication} main from this module's class path (or the executable jar given with
 * {@code -gateway-jar}), configured entirely by command-line
 * properties (they win over every environment variable, so the machine's settings cannot leak in):
 * loopback only, Azure at the tap, no call limit, appends every 20 ms.
 */
public final class GatewayProcess implements AutoCloseable {

    /**
     * How to start it.
     *
     * @param launcher what the command line starts with before {@code java} (e.g. {@code taskset -c 0}); may be empty
     * @param settings extra gateway settings, {@code name=value}, after the bench's own (so they win)
     * @param tls      with SIP on, also a TLS listener with this identity (SRTP calls); null for UDP only
     */
    public record Options(
            int azurePort,
            String apiKey,
            String deployment,
            String mediaToken,
            List<String> jvmOptions,
            Path jfrFile,
            Path logFile,
            int appendMs,
            boolean sip,
            Path jar,
            List<String> launcher,
            List<String> settings,
            BenchKeystore tls) {}

    private final Process process;
    private final int httpPort;
    private final int sipPort;
    private final int tlsPort;
    private final Path javaHome;
    private final long pid;
    private final ProcessCpu cpu;

    private GatewayProcess(Process process, int httpPort, int sipPort, int tlsPort, Path javaHome) {
        this.process = process;
        this.httpPort = httpPort;
        this.sipPort = sipPort;
        this.tlsPort = tlsPort;
        this.javaHome = javaHome;
        this.pid = process.pid();
        this.cpu = ProcessCpu.of(pid);
    }

    public static GatewayProcess start(Options o) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path javaHome = java.getParent().getParent();
        int httpPort = freePort();
        int sipPort = freePort();
        int tlsPort = o.tls() == null ? -1 : freePort();
        List<String> cmd = new ArrayList<>(o.launcher());
        cmd.add(java.toString());
        cmd.addAll(o.jvmOptions());
        if (o.jfrFile() != null) {
            cmd.add("-XX:+FlightRecorder");
            cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + o.jfrFile());
        }
        if (o.jar() != null) {
            cmd.add("-jar");
            cmd.add(o.jar().toString());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("dev.voicebridge.gateway.GatewayApplication");
        }
        cmd.add("--server.address=127.0.0.1");
        cmd.add("--server.port=" + httpPort);
        cmd.add("--voicebridge.websocket.token=" + o.mediaToken());
        cmd.add("--voicebridge.realtime.endpoint=http://127.0.0.1:" + o.azurePort());
        cmd.add("--voicebridge.realtime.api-key=" + o.apiKey());
        cmd.add("--voicebridge.realtime.deployment=" + o.deployment());
        cmd.add("--voicebridge.call.max-calls=100000");
        cmd.add("--voicebridge.call.append-ms=" + o.appendMs());
        cmd.add("--voicebridge.sip.enabled=" + o.sip());
        cmd.add("--voicebridge.sip.port=" + sipPort);
        cmd.add("--voicebridge.sip.bind-address=127.0.0.1");
        cmd.add("--voicebridge.sip.public-address=127.0.0.1");
        if (o.tls() == null) {
            cmd.add("--voicebridge.sip.transports=UDP");
        } else {
            cmd.add("--voicebridge.sip.transports=UDP,TLS");
            cmd.add("--voicebridge.sip.tls.port=" + tlsPort);
            cmd.add("--voicebridge.sip.tls.keystore=" + o.tls().file());
            // The run's throwaway keystore; like the simulator's API key above, only on this command line.
            cmd.add("--voicebridge.sip.tls.keystore-password=" + o.tls().password());
        }
        cmd.add("--voicebridge.sip.max-dialogs=100000");
        cmd.add("--voicebridge.rtp.port-min=40000");
        cmd.add("--voicebridge.rtp.port-max=59999");
        cmd.add("--voicebridge.rtp.media-timeout=10s");
        cmd.add("--logging.level.root=INFO");
        o.settings().forEach(s -> cmd.add("--" + s));
        try {
            Files.createDirectories(o.logFile().getParent());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(o.logFile().toFile())
                    .start();
            GatewayProcess g = new GatewayProcess(p, httpPort, sipPort, tlsPort, javaHome);
            g.awaitHealthy(Duration.ofSeconds(120), o.logFile());
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    public int sipPort() {
        return sipPort;
    }

    /** The SIP over TLS port, or -1 when the gateway was started without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    public long pid() {
        return pid;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** CPU seconds (user + system) the gateway process has used so far. */
    public double cpuSeconds() {
        return cpu.seconds();
    }

    /** Resident set size in KiB. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    /** Live objects of the gateway: a class histogram, which runs a full GC first. */
    public record Heap(long liveKb, String histogram) {}

    /**
     * Live heap in KiB, from {@code jcmd GC.class_histogram}: it collects first and counts only what
     * is reachable, in one step, so allocation after the GC cannot creep into the figure (as it would
     * between a {@code GC.run} and a later {@code GC.heap_info}). The GC pauses the gateway, so callers
     * stop recording latency around it.
     */
    public Heap liveHeap() {
        String histogram = jcmd("GC.class_histogram");
        Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
        return new Heap(m.find() ? Long.parseLong(m.group(1)) / 1024 : -1, histogram);
    }

    /** Runs a jcmd command against the gateway; returns its output. */
    public String jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void awaitHealthy(Duration timeout, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/liveness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the gateway was not healthy within " + timeout + "; see " + log);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
