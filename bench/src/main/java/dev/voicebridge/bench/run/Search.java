package dev.voicebridge.bench.run;

import dev.voicebridge.bench.BenchMain;
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
 * lost either way, p99 uplink latency and p99 playout jitter within the bound. Doubles N from
 * {@code -from} until a run fails or {@code -max} is reached, then bisects to within 10 %. A baseline
 * run at the final N is added so the result has its ratio too.
 */
public final class Search {

    private Search() {
    }

    public static int run(Harness harness, Map<String, String> o, Path dir, Map<String, Object> context, PrintStream out) {
        int from = Integer.parseInt(o.getOrDefault("from", "50"));
        int max = Integer.parseInt(o.getOrDefault("max", "2000"));
        double bound = Double.parseDouble(o.getOrDefault("bound", "2"));
        LoadRun.Transport transport = BenchMain.transport(o.getOrDefault("transport", "ws"));
        LoadRun runner = new LoadRun(harness, out);
        BenchMain.warmUp(harness, o, List.of(o.getOrDefault("transport", "ws")), out);
        List<RunResult> probes = new ArrayList<>();
        int held = 0;
        RunResult best = null;
        int failed = -1;
        int n = from;
        while (n <= max) {
            RunResult r = probe(runner, harness, o, transport, n);
            probes.add(r);
            out.printf(Locale.ROOT, "   search: %d calls %s%n", n, r.held(bound) ? "HELD" : "did not hold");
            if (!r.held(bound)) {
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
            RunResult r = probe(runner, harness, o, transport, mid);
            probes.add(r);
            out.printf(Locale.ROOT, "   search: %d calls %s%n", mid, r.held(bound) ? "HELD" : "did not hold");
            if (r.held(bound)) {
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
            summary.add(runner.run(BenchMain.config(baseOptions, LoadRun.Transport.BASELINE)));
            summary.add(best);
        }
        Map<String, Object> doc = new LinkedHashMap<>(context);
        doc.put("largestHeld", held);
        doc.put("firstNotHeld", failed);
        doc.put("boundMs", bound);
        doc.put("probes", probes);
        Report.write(dir, "search", summary, doc);
        out.println();
        out.printf(Locale.ROOT, "largest N held over %s: %d calls (first not held: %s; bound p99 %.1f ms)%n", transport,
                held, failed < 0 ? "none up to " + max : Integer.toString(failed), bound);
        out.println(Report.table(probes));
        if (!summary.isEmpty()) {
            out.println("at the largest N, with its baseline:");
            out.println(Report.table(summary));
        }
        return held > 0 ? 0 : 1;
    }

    private static RunResult probe(LoadRun runner, Harness harness, Map<String, String> o, LoadRun.Transport t, int n) {
        if (!harness.gateway().alive()) {
            harness.startGateway();
        }
        Map<String, String> p = new HashMap<>(o);
        p.put("calls", Integer.toString(n));
        p.putIfAbsent("duration", "30");
        p.putIfAbsent("ramp", Integer.toString(Math.max(50, n / 10)));
        return runner.run(BenchMain.config(p, t));
    }
}
