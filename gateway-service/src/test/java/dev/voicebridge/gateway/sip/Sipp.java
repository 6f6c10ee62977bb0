package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs SIPp (Debian package sip-tester) as the Chime side of a call, with the scenarios under
 * src/test/resources/sipp. Without SIPp the tests are skipped on a developer machine and fail in CI.
 */
final class Sipp {

    private static final Path SCENARIOS = scenarios();

    /** How one SIPp run ended; exit code 0 means every call passed its scenario. */
    record Result(int exitCode, String output) {
        boolean allCallsSucceeded() {
            return exitCode == 0;
        }
    }

    /** Options for one run. */
    record Run(
            String scenario,
            int gatewayPort,
            String transport,
            int calls,
            int concurrency,
            int ratePerSecond,
            Map<String, String> keys) {

        static Run of(String scenario, int gatewayPort) {
            return new Run(scenario, gatewayPort, "u1", 1, 1, 10, Map.of());
        }

        Run tcp() {
            return new Run(scenario, gatewayPort, "t1", calls, concurrency, ratePerSecond, keys);
        }

        Run calls(int total, int concurrent, int rate) {
            return new Run(scenario, gatewayPort, transport, total, concurrent, rate, keys);
        }

        Run key(String name, Object value) {
            Map<String, String> k = new java.util.HashMap<>(keys);
            k.put(name, String.valueOf(value));
            return new Run(scenario, gatewayPort, transport, calls, concurrency, ratePerSecond, k);
        }
    }

    private Sipp() {}

    static void requireInstalled() {
        if (findBinary() != null) {
            return;
        }
        String message = "SIPp is not installed: install the Debian package sip-tester (bin/install-test-tools "
                + "or apt-get install sip-tester) to run the SIP end-to-end tests";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** A SIPp process and where it writes. */
    record Started(Process process, Path output, Path errors) {}

    static Result run(Run run) throws IOException, InterruptedException {
        return finish(start(run));
    }

    static Started start(Run run) throws IOException {
        requireInstalled();
        Path errors = Files.createTempFile("sipp-errors", ".log");
        Path output = Files.createTempFile("sipp-" + run.scenario(), ".out");
        List<String> command = new ArrayList<>(List.of(
                findBinary(),
                "127.0.0.1:" + run.gatewayPort(),
                "-sf",
                run.scenario(),
                "-t",
                run.transport(),
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(freeUdpPort()),
                "-mp",
                Integer.toString(freeMediaPort()),
                "-m",
                Integer.toString(run.calls()),
                "-l",
                Integer.toString(run.concurrency()),
                "-r",
                Integer.toString(run.ratePerSecond()),
                "-nostdin",
                "-timeout",
                "90s",
                "-timeout_error",
                "-recv_timeout",
                "20s",
                "-trace_err",
                "-error_file",
                errors.toString()));
        for (Map.Entry<String, String> key : run.keys().entrySet()) {
            command.addAll(List.of("-key", key.getKey(), key.getValue()));
        }
        Process process = new ProcessBuilder(command)
                .directory(SCENARIOS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new Started(process, output, errors);
    }

    static Result finish(Started started) throws IOException, InterruptedException {
        if (!started.process().waitFor(120, TimeUnit.SECONDS)) {
            started.process().destroyForcibly();
            fail("SIPp did not finish within 120 s");
        }
        String errors = Files.exists(started.errors()) ? Files.readString(started.errors()) : "";
        String output = Files.readString(started.output());
        // SIPp's screen output is long; its last part has the call counters.
        String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
        return new Result(started.process().exitValue(), "SIPp errors:\n" + errors + "\nSIPp output (tail):\n" + tail);
    }

    private static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "sipp");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIPp uses the media port, +2 for video: keep it even and away from the RTP range of the tests. */
    private static int freeMediaPort() {
        for (int i = 0; i < 50; i++) {
            int port = freeUdpPort() & ~1;
            try (DatagramSocket a = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                    DatagramSocket b = new DatagramSocket(port + 2, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // try another
            }
        }
        throw new IllegalStateException("no free media port pair for SIPp");
    }

    private static Path scenarios() {
        try {
            return Path.of(Sipp.class.getResource("/sipp/uac-options.xml").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
