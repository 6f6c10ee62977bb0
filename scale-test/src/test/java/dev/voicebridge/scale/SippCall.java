package dev.voicebridge.scale;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One call by SIPp (Debian package sip-tester) playing Chime's side: scenario
 * {@code sipp/uac-hold-call.xml} to one gateway host, one call, held for a given time, then the
 * caller's BYE. SIPp's exit code 0 means the call passed its whole scenario: answered, held, and
 * hung up by the caller with the gateway's 200 OK (a BYE from the gateway fails it). Without SIPp
 * the test is skipped on a developer machine and fails in CI (as in gateway-service).
 */
final class SippCall {

    private static final Path SCENARIOS = scenarios();

    final String callId;
    final String host;
    private final Process process;
    private final Path output;

    private SippCall(String callId, String host, Process process, Path output) {
        this.callId = callId;
        this.host = host;
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the call: {@code callId} is the SMA TransactionId the INVITE carries (the registry's
     * call id). The local side is 127.0.0.1, as Chime's addresses are not the gateway's.
     */
    static SippCall start(String callId, String host, int port, Duration hold) throws IOException {
        requireInstalled();
        Path output = Files.createTempFile("sipp-" + callId, ".out");
        List<String> command = List.of(
                "sipp",
                host + ":" + port,
                "-sf",
                "uac-hold-call.xml",
                "-t",
                "u1",
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(freeUdpPort()),
                "-mp",
                Integer.toString(freeMediaPort()),
                "-m",
                "1",
                "-l",
                "1",
                "-d",
                Long.toString(hold.toMillis()),
                "-key",
                "txn",
                callId,
                "-nostdin",
                "-timeout",
                "60s",
                "-timeout_error",
                "-recv_timeout",
                "20s");
        Process process = new ProcessBuilder(command)
                .directory(SCENARIOS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new SippCall(callId, host, process, output);
    }

    /** Waits for the scenario to end; true when the call passed it. */
    boolean passed() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return process.exitValue() == 0;
    }

    /** SIPp's last screen (its counters), for a failure message. */
    String report() {
        try {
            String text = Files.readString(output);
            return callId + " to " + host + ": exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\n"
                    + (text.length() > 3000 ? text.substring(text.length() - 3000) : text);
        } catch (IOException e) {
            return callId + ": no SIPp output (" + e.getMessage() + ")";
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    private static void requireInstalled() {
        if (onPath()) {
            return;
        }
        String message = "SIPp is not installed: install the Debian package sip-tester (bin/install-test-tools "
                + "or apt-get install sip-tester) to run the scale-in test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static boolean onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "sipp"))) {
                return true;
            }
        }
        return false;
    }

    private static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIPp uses the media port and +2 (video): an even port whose +2 is free too. */
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
            return Path.of(SippCall.class.getResource("/sipp/uac-hold-call.xml").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
