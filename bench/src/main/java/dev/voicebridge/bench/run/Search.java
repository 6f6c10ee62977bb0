package dev.voicebridge.bench.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the largest number of concurrent calls the gateway holds: every call completed, no frame
 * lost either way, p99 uplink latency and p99 playout jitter within the bound ({@code -bound}), or,
 * with {@code -bound-added}, no more than that above a baseline run at the same N in the same step
 * (what the gateway adds, with the host's and the harness's share taken out). Doubles N from
 * {@code -from} until a run fails or {@code -max} is reached, then bisects to within 10 %. A baseline
 * run at the final N is added so the result has its ratio too.
 */
public final class Search {

    private Search() {}

    public static int run(
            Harness harness, Map<String, String> o, Path dir, Map<String, Object> context, PrintStream out) {
        int from = Integer.parseInt(o.getOrDefault("from", "50"));
        int max = Integer.parseInt(o.getOrDefault("max", "2000"));
        double bound = Double.parseDouble(o.getOrDefault("bound", "2"));
        // -bound-added: judge the gateway's share (p99 minus a baseline's at the same N, same step), not the raw p99.
        Double boundAdded = o.containsKey("bound-added") ? Double.valueOf(o.get("bound-added")) : null;
        LoadRun.Transport transport = RunOptions.transport(o.getOrDefault("transport", "ws"));
        LoadRun runner = new LoadRun(harness, out);
        RunOptions.warmUp(harness, o, List.of(o.getOrDefault("transport", "ws")), out);
        List<RunResult> probes = new ArrayList<>();
        int held = 0;
        RunResult best = null;
        int failed = -1;
        int n = from;
        Step step = boundAdded == null
                ? (m -> probe(runner, harness, o, transport, m, null, bound, probes, out))
                : (m -> probe(
                        runner,
                        harness,
                        o,
                        transport,
                        m,
                        probe(runner, harness, o, LoadRun.Transport.BASELINE, m),
                        boundAdded,
                        probes,
                        out));
        while (n <= max) {
            Probe p = step.at(n);
            RunResult r = p.result();
            if (!p.held()) {
                failed = n;
                break;
            }
            held = n;
            best = r;
            if (n == max) {
                break;
            }
            n = Math.min(max, n * 2);
        }
        while (failed > 0 && failed - held > Math.max(10, held / 10)) {
            int mid = (held + failed) / 2;
            Probe p = step.at(mid);
            RunResult r = p.result();
            if (p.held()) {
                held = mid;
                best = r;
            } else {
                failed = mid;
            }
        }
        List<RunResult> summary = new ArrayList<>();
        if (best != null) {
            Map<String, String> baseOptions = new HashMap<>(o);
            baseOptions.put("calls", Integer.toString(held));
            summary.add(runner.run(RunOptions.config(baseOptions, LoadRun.Transport.BASELINE)));
            summary.add(best);
        }
        Map<String, Object> doc = new LinkedHashMap<>(context);
        doc.put("largestHeld", held);
        doc.put("firstNotHeld", failed);
        doc.put("boundMs", bound);
        doc.put("boundAddedMs", boundAdded);
        doc.put("probes", probes);
        Report.write(dir, "search", summary, doc);
        out.println();
        out.printf(
                Locale.ROOT,
                "largest N held over %s: %d calls (first not held: %s; bound %s)%n",
                transport,
                held,
                failed < 0 ? "none up to " + max : Integer.toString(failed),
                boundAdded == null
                        ? String.format(Locale.ROOT, "p99 %.1f ms", bound)
                        : String.format(Locale.ROOT, "p99 %.1f ms above the baseline's", boundAdded));
        out.println(Report.table(probes));
        if (!summary.isEmpty()) {
            out.println("at the largest N, with its baseline:");
            out.println(Report.table(summary));
        }
        return held > 0 ? 0 : 1;
    }

    /** One step of the search at N calls: whether it held, and the run judged. */
    private record Probe(RunResult result, boolean held) {}

    @FunctionalInterface
    private interface Step {
        Probe at(int calls);
    }

    /**
     * Runs {@code t} at {@code n} calls and judges it: against the raw bound, or, given the baseline
     * run of the same step, against the bound on what the gateway adds to it.
     */
    private static Probe probe(
            LoadRun runner,
            Harness harness,
            Map<String, String> o,
            LoadRun.Transport t,
            int n,
            RunResult baseline,
            double bound,
            List<RunResult> probes,
            PrintStream out) {
        RunResult r = probe(runner, harness, o, t, n);
        if (baseline != null) {
            probes.add(baseline);
        }
        probes.add(r);
        boolean held = baseline == null ? r.held(bound) : r.heldAdded(baseline, bound);
        if (baseline == null) {
            out.printf(Locale.ROOT, "   search: %d calls %s%n", n, held ? "HELD" : "did not hold");
        } else {
            out.printf(
                    Locale.ROOT,
                    "   search: %d calls %s (added p99: uplink %.2f ms = %.2f - baseline %.2f; jitter %.2f ms)%n",
                    n,
                    held ? "HELD" : "did not hold",
                    r.addedUpP99(baseline),
                    r.upLatency().p99(),
                    baseline.upLatency().p99(),
                    r.addedJitterP99(baseline));
        }
        return new Probe(r, held);
    }

    private static RunResult probe(LoadRun runner, Harness harness, Map<String, String> o, LoadRun.Transport t, int n) {
        if (!harness.gateway().alive()) {
            harness.startGateway();
        }
        Map<String, String> p = new HashMap<>(o);
        p.put("calls", Integer.toString(n));
        p.putIfAbsent("duration", "30");
        p.putIfAbsent("ramp", Integer.toString(Math.max(50, n / 10)));
        return runner.run(RunOptions.config(p, t));
    }
}
