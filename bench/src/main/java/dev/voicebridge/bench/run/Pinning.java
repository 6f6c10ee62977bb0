package dev.voicebridge.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Which CPUs the gateway and the harness may run on ({@code -pin}), so that on a small machine the
 * gateway's CPU time and latency are its own rather than shared with the callers, tap and simulator
 * measuring it. The gateway JVM is started under {@code taskset -c}; the bench JVM pins every thread
 * it has with {@code taskset -a -p} before it starts any other, and later threads inherit the mask.
 *
 * @param gatewayCpus a taskset CPU list for the gateway, e.g. {@code 0} or {@code 0-1}
 * @param harnessCpus a taskset CPU list for the bench JVM, e.g. {@code 1} or {@code 2,3}
 */
public record Pinning(String gatewayCpus, String harnessCpus) {

    private static final Pattern CPU_LIST = Pattern.compile("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*");

    public Pinning {
        for (String list : List.of(gatewayCpus, harnessCpus)) {
            if (!CPU_LIST.matcher(list).matches()) {
                throw new IllegalArgumentException(
                        "-pin takes GATEWAY_CPUS:HARNESS_CPUS as taskset CPU lists (e.g. 0:1 or 0-1:2,3), not '"
                                + gatewayCpus + ":" + harnessCpus + "'");
            }
        }
    }

    /**
     * The pinning a {@code -pin} option asks for on a machine with {@code cpus} CPUs: null when the option
     * is absent or the machine has a single CPU (nothing to split); {@code -pin} alone gives the gateway
     * CPU 0 and the harness the rest.
     */
    public static Pinning of(String option, int cpus) {
        if (option == null || cpus < 2) {
            return null;
        }
        if (option.equals("true")) {
            return new Pinning("0", cpus == 2 ? "1" : "1-" + (cpus - 1));
        }
        int colon = option.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("-pin takes GATEWAY_CPUS:HARNESS_CPUS (e.g. 0:1), not '" + option + "'");
        }
        return new Pinning(option.substring(0, colon), option.substring(colon + 1));
    }

    /** What the gateway's command line starts with. */
    public List<String> gatewayLauncher() {
        return List.of("taskset", "-c", gatewayCpus);
    }

    /** Pins every thread of this JVM to the harness's CPUs; call before any worker thread starts. */
    public void pinSelf() {
        long pid = ProcessHandle.current().pid();
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", harnessCpus, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(
                        "could not pin the bench JVM to CPUs " + harnessCpus + " with taskset: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("-pin needs taskset (util-linux) on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For the run header and the JSON. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("gatewayCpus", gatewayCpus);
        d.put("harnessCpus", harnessCpus);
        return d;
    }
}
