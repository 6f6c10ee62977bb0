package dev.voicebridge.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes runs as a Markdown table (with ratios to the baseline run) and as JSON. */
public final class Report {

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Report() {}

    /**
     * One row per run; after each gateway run, its ratios to the baseline run with the same number of
     * calls (a run of several N has a baseline per N).
     */
    public static String table(List<RunResult> runs) {
        StringBuilder t = new StringBuilder();
        t.append(
                "| run | calls | completed / lost | uplink p50 / p99 / p99.9 ms | downlink p50 / p99 / p99.9 ms"
                        + " | round trip p50 / p90 / p99 / max ms"
                        + " | playout jitter p99 / p99.9 ms | frames lost up / down | late up / down | barge-in flushed"
                        + " | set-up p50 / p99 ms | answer to first model audio p50 / p99 ms | gateway CPU s per call-min | harness CPU s per call-min | heap KB / call | RSS KB / call |\n");
        t.append("|---|---:|---|---|---|---|---|---|---|---:|---|---|---:|---:|---:|---:|\n");
        for (RunResult r : runs) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d / %d | %s | %s | %s | %s / %s | %d / %d | %d / %d | %d | %s / %s | %s / %s | %s | %s | %s | %s |%n",
                    r.transport().toLowerCase(Locale.ROOT).replace('_', '-'),
                    r.calls(),
                    r.callsCompleted(),
                    r.callsLost(),
                    triple(r.upLatency()),
                    triple(r.downLatency()),
                    quad(r.roundTrip()),
                    num(r.downJitter().p99()),
                    num(r.downJitter().p999()),
                    r.upLost(),
                    r.downLost(),
                    r.upLate(),
                    r.downLate(),
                    r.downFlushedByBargeIn(),
                    num(r.setup().p50()),
                    num(r.setup().p99()),
                    num(r.firstAudio().p50()),
                    num(r.firstAudio().p99()),
                    num(r.gatewayCpuSecondsPerCallMinute()),
                    num(r.harnessCpuSecondsPerCallMinute()),
                    r.heapKbPerCall() < 0 ? "-" : Long.toString(r.heapKbPerCall()),
                    r.rssKbPerCall() < 0 ? "-" : Long.toString(r.rssKbPerCall())));
            RunResult baseline = baselineFor(runs, r);
            if (baseline != null && r != baseline) {
                t.append(String.format(
                        Locale.ROOT,
                        "| &nbsp;&nbsp;x baseline | | | %s | %s | %s | %s / %s | | | | %s / %s | | | | | |%n",
                        ratios(r.upLatency(), baseline.upLatency()),
                        ratios(r.downLatency(), baseline.downLatency()),
                        ratio(r.roundTrip().p50(), baseline.roundTrip().p50()) + " / "
                                + ratio(
                                        r.roundTrip().p90(),
                                        baseline.roundTrip().p90()) + " / "
                                + ratio(
                                        r.roundTrip().p99(),
                                        baseline.roundTrip().p99()) + " / "
                                + ratio(
                                        r.roundTrip().max(),
                                        baseline.roundTrip().max()),
                        ratio(r.downJitter().p99(), baseline.downJitter().p99()),
                        ratio(r.downJitter().p999(), baseline.downJitter().p999()),
                        ratio(r.setup().p50(), baseline.setup().p50()),
                        ratio(r.setup().p99(), baseline.setup().p99())));
            }
        }
        return t.toString();
    }

    /** The first baseline run with as many calls as {@code run}, or null. */
    private static RunResult baselineFor(List<RunResult> runs, RunResult run) {
        return runs.stream()
                .filter(r -> r.transport().equals("BASELINE") && r.calls() == run.calls())
                .findFirst()
                .orElse(null);
    }

    public static void write(Path dir, String name, List<RunResult> runs, Map<String, Object> context) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> doc = new LinkedHashMap<>(context);
            doc.put("runs", new ArrayList<>(runs));
            Files.writeString(dir.resolve(name + ".json"), JSON.writeValueAsString(doc));
            Files.writeString(dir.resolve(name + ".md"), table(runs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static String triple(RunResult.Latency l) {
        return num(l.p50()) + " / " + num(l.p99()) + " / " + num(l.p999());
    }

    private static String quad(RunResult.Latency l) {
        return num(l.p50()) + " / " + num(l.p90()) + " / " + num(l.p99()) + " / " + num(l.max());
    }

    private static String ratios(RunResult.Latency a, RunResult.Latency b) {
        return ratio(a.p50(), b.p50()) + " / " + ratio(a.p99(), b.p99()) + " / " + ratio(a.p999(), b.p999());
    }

    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1fx", a / b);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
