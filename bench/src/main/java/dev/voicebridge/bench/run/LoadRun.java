package dev.voicebridge.bench.run;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.caller.CallDriver;
import dev.voicebridge.bench.caller.DirectAzureCaller;
import dev.voicebridge.bench.caller.SipCaller;
import dev.voicebridge.bench.caller.WebSocketCaller;
import dev.voicebridge.bench.gateway.GatewayProcess;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import dev.voicebridge.bench.metrics.ProcessCpu;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One load run: N calls of one transport started at a steady rate, each streaming its script for the
 * run's duration, then hanging up. While it runs a progress line is printed every five seconds;
 * during the window when every call is up it measures the gateway's CPU, then its RSS and live heap.
 */
public final class LoadRun {

    /** What to run. */
    public record Config(
            Transport transport,
            int calls,
            int durationSeconds,
            int rampPerSecond,
            long seed,
            double boundMs,
            int setupTimeoutMs) {

        public Config {
            if (calls < 1 || calls >= 1_000_000) {
                throw new IllegalArgumentException("calls must be 1..999999, not " + calls);
            }
            if (durationSeconds < 5) {
                throw new IllegalArgumentException(
                        "duration must be at least 5 s (an utterance and its answer), not " + durationSeconds);
            }
            if (rampPerSecond < 1) {
                throw new IllegalArgumentException("ramp must be at least 1 call/s, not " + rampPerSecond);
            }
        }

        public int rampMs() {
            return (int) ((long) calls * 1000 / rampPerSecond);
        }
    }

    public enum Transport {
        BASELINE,
        WEBSOCKET,
        SIP,
        /** SIP over TLS with SDES-SRTP media: an encryption-enabled Voice Connector's calls. */
        SIP_SRTP
    }

    /** Lets a fault run make some callers misbehave or act at given times. */
    public interface Customizer {
        CallDriver driver(int index, CallDriver standard);
    }

    private static final long LATE_MICROS = 20_000;
    private static final ProcessCpu SELF = ProcessCpu.self();

    private final Harness harness;
    private final PrintStream out;

    public LoadRun(Harness harness, PrintStream out) {
        this.harness = harness;
        this.out = out;
    }

    /** The script of each call; the standard one unless a fault run needs another. */
    public interface Scripts {
        CallScript script(int call, Config config);
    }

    public static final Scripts STANDARD = (call, c) -> CallScript.standard(c.durationSeconds() * 1000, call, c.seed());

    public RunResult run(Config config) {
        return run(config, (i, d) -> d, STANDARD);
    }

    public RunResult run(Config c, Customizer customizer, Scripts scripts) {
        Metrics m = new Metrics(LATE_MICROS);
        harness.tap().metrics(m);
        GatewayProcess gw = c.transport() == Transport.BASELINE ? null : harness.gateway();
        if (c.transport() != Transport.BASELINE && (gw == null || !gw.alive())) {
            throw new IllegalStateException("no gateway running for a " + c.transport() + " run");
        }
        int base = harness.allocate(c.calls());
        long idleHeap = gw == null ? -1 : gw.liveHeap().liveKb();
        long idleRss = gw == null ? -1 : gw.rssKb();
        out.printf(
                Locale.ROOT,
                "%n== %s: %d calls x %d s, ramp %d calls/s, Azure %s%s%n",
                c.transport(),
                c.calls(),
                c.durationSeconds(),
                c.rampPerSecond(),
                harness.options().echo() == Harness.Echo.IMMEDIATE
                        ? "echoing every append at once"
                        : harness.options().pace(),
                gw == null
                        ? ""
                        : " (gateway pid " + gw.pid() + ", idle heap " + idleHeap + " KB, RSS " + idleRss + " KB)");

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-run");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<CallDriver.Result>> results = new ArrayList<>();
        List<CallDriver> drivers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < c.calls(); i++) {
            int call = base + i;
            CallScript script = scripts.script(call, c);
            CallDriver driver = customizer.driver(i, driver(c.transport(), call, script, m, harness.book(call)));
            drivers.add(driver);
            CompletableFuture<CallDriver.Result> f = new CompletableFuture<>();
            results.add(f);
            long delayMs = (long) i * 1000 / c.rampPerSecond();
            timer.schedule(
                    () -> driver.start(c.setupTimeoutMs()).whenComplete((r, e) -> f.complete(r)),
                    delayMs,
                    TimeUnit.MILLISECONDS);
        }

        // Progress, and the steady window: every call up, none finished yet.
        long windowStartMs = c.rampMs() + 2000L;
        long windowEndMs = c.durationSeconds() * 1000L - 1000L;
        double[] cpu = {Double.NaN, Double.NaN};
        ProcessCpu.Sample[] harnessCpu = {null, null};
        long[] loaded = {-1, -1, 0};
        boolean window = windowEndMs - windowStartMs >= 1000;
        if (window) {
            timer.schedule(
                    () -> {
                        cpu[0] = gw == null ? Double.NaN : gw.cpuSeconds();
                        harnessCpu[0] = SELF.sample();
                        loaded[2] = System.nanoTime();
                    },
                    windowStartMs,
                    TimeUnit.MILLISECONDS);
            timer.schedule(
                    () -> {
                        double minutes = (System.nanoTime() - loaded[2]) / 60e9;
                        long live = m.live.sum();
                        cpu[1] = gw == null ? Double.NaN : (gw.cpuSeconds() - cpu[0]) / Math.max(1, live) / minutes;
                        // The same window and the same /proc source as the gateway's figure, for the bench JVM itself.
                        harnessCpu[1] = SELF.sample().since(harnessCpu[0]);
                        harnessCpu[1] = new ProcessCpu.Sample(
                                harnessCpu[1].userSeconds() / Math.max(1, live) / minutes,
                                harnessCpu[1].systemSeconds() / Math.max(1, live) / minutes);
                        if (gw != null) {
                            loaded[1] = (gw.rssKb() - idleRss) / Math.max(1, live);
                            // A full GC pauses the gateway; its pause is not the gateway's latency under load.
                            m.recording(false);
                            GatewayProcess.Heap heap = gw.liveHeap();
                            loaded[0] = (heap.liveKb() - idleHeap) / Math.max(1, live);
                            histogram(heap.histogram(), c, live);
                            sleep(1000);
                            m.recording(true);
                        }
                    },
                    windowEndMs,
                    TimeUnit.MILLISECONDS);
        }
        Progress progress = new Progress(t0, gw);
        timer.scheduleAtFixedRate(() -> progress.print(m), 5, 5, TimeUnit.SECONDS);

        CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
        try {
            all.get(c.rampMs() + c.durationSeconds() * 1000L + c.setupTimeoutMs() + 30_000L, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            out.println("   (some calls did not finish in time: " + e + ")");
        }
        sleep(1500); // the last stamps in flight
        timer.shutdownNow();
        m.roll();
        progress.print(m);
        RunResult result =
                summarize(c, m, base, results, cpu[1], harnessCpu[1], loaded[0], loaded[1], idleHeap, idleRss);
        harness.release(base, c.calls());
        return result;
    }

    CallDriver driver(Transport t, int call, CallScript script, Metrics m, CallBook book) {
        return switch (t) {
            case BASELINE ->
                new DirectAzureCaller(
                        call,
                        script,
                        m,
                        book,
                        harness.pacer(),
                        new DirectAzureCaller.Target(
                                harness.tap().port(),
                                harness.simulator().apiKey(),
                                harness.simulator().deployment(),
                                harness.loops()));
            case WEBSOCKET ->
                new WebSocketCaller(
                        call,
                        script,
                        m,
                        book,
                        harness.pacer(),
                        new WebSocketCaller.Target(
                                "ws://127.0.0.1:" + harness.gateway().httpPort() + "/media",
                                Harness.MEDIA_TOKEN,
                                harness.loops()));
            case SIP -> new SipCaller(call, script, m, book, harness.pacer(), harness.sipNetwork());
            case SIP_SRTP -> new SipCaller(call, script, m, book, harness.pacer(), harness.sipTlsNetwork());
        };
    }

    private RunResult summarize(
            Config c,
            Metrics m,
            int base,
            List<CompletableFuture<CallDriver.Result>> results,
            double cpuPerCallMinute,
            ProcessCpu.Sample harnessCpu,
            long heapPerCall,
            long rssPerCall,
            long idleHeap,
            long idleRss) {
        long upLost = 0;
        long downLost = 0;
        long flushed = 0;
        long flushWindow = harness.options().pace() == Harness.AzurePace.REALTIME ? 500_000 : 6_000_000;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            CallDriver.Result r = results.get(i).getNow(null);
            CallBook book = harness.book(base + i);
            if (r == null) {
                failures.add("call " + (base + i) + ": did not finish");
                continue;
            }
            if (r.outcome() != CallDriver.Outcome.COMPLETED && failures.size() < 10) {
                failures.add("call " + r.call() + ": " + r.outcome() + " " + r.detail());
            }
            if (r.outcome() == CallDriver.Outcome.COMPLETED) {
                upLost += book.upLost(r.framesSent() - 1);
                long[] unheard = book.downUnheard(flushWindow);
                flushed += unheard[0];
                downLost += unheard[1];
            }
        }
        return new RunResult(
                c.transport().name(),
                harness.options().pace().name(),
                harness.options().echo().name(),
                c.calls(),
                c.durationSeconds(),
                m.callsStarted.sum(),
                m.callsSetUp.sum(),
                m.callsCompleted.sum(),
                m.callsLost.sum(),
                m.upSent.sum(),
                m.upSeen.sum(),
                upLost,
                m.upLate.sum(),
                m.downFrames.sum(),
                m.downStamped.sum(),
                downLost,
                flushed,
                m.downLate.sum(),
                m.clears.sum(),
                RunResult.Latency.of(m.up.total()),
                RunResult.Latency.of(m.down.total()),
                RunResult.Latency.of(m.roundTrip.total()),
                RunResult.Latency.of(m.jitter.total()),
                RunResult.Latency.of(m.setup.total()),
                RunResult.Latency.of(m.firstAudio.total()),
                cpuPerCallMinute,
                harnessCpu == null ? Double.NaN : harnessCpu.totalSeconds(),
                harnessCpu == null ? Double.NaN : harnessCpu.systemSeconds() / harnessCpu.totalSeconds(),
                heapPerCall,
                rssPerCall,
                idleHeap,
                idleRss,
                failures);
    }

    /**
     * The line printed every 5 s. CPU is shown for both processes as cores used over the interval
     * (1.00 = one core busy), so the harness's own cost is in view beside the gateway's all run long.
     */
    private final class Progress {
        private final long t0;
        private final GatewayProcess gw;
        private long lastNanos;
        private ProcessCpu.Sample lastSelf;
        private double lastGateway;

        Progress(long t0, GatewayProcess gw) {
            this.t0 = t0;
            this.gw = gw;
            this.lastNanos = System.nanoTime();
            this.lastSelf = SELF.sample();
            this.lastGateway = gw == null ? Double.NaN : gw.cpuSeconds();
        }

        synchronized void print(Metrics m) {
            m.roll();
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
            ProcessCpu.Sample self = SELF.sample();
            ProcessCpu.Sample used = self.since(lastSelf);
            double gateway = gw == null ? Double.NaN : gw.cpuSeconds();
            double gatewayCores = (gateway - lastGateway) / seconds;
            lastNanos = now;
            lastSelf = self;
            lastGateway = gateway;
            var up = m.up.interval();
            var jitter = m.jitter.interval();
            var roundTrip = m.roundTrip.interval();
            out.printf(
                    Locale.ROOT,
                    "   t=%3ds live %5d done %5d lost %3d | up sent %8d at Azure %8d p99 %6.2f ms | heard %8d"
                            + " jitter p99 %6.2f ms | round trip p99 %7.2f ms | harness %.2f cores (%2.0f%% kernel)"
                            + " | gateway %s%n",
                    (now - t0) / 1_000_000_000L,
                    m.live.sum(),
                    m.callsCompleted.sum(),
                    m.callsLost.sum(),
                    m.upSent.sum(),
                    m.upSeen.sum(),
                    up.getTotalCount() == 0 ? Double.NaN : up.getValueAtPercentile(99) / 1000.0,
                    m.downFrames.sum(),
                    jitter.getTotalCount() == 0 ? Double.NaN : jitter.getValueAtPercentile(99) / 1000.0,
                    roundTrip.getTotalCount() == 0 ? Double.NaN : roundTrip.getValueAtPercentile(99) / 1000.0,
                    used.totalSeconds() / seconds,
                    100 * used.systemSeconds() / Math.max(1e-9, used.totalSeconds()),
                    gw == null
                            ? "-"
                            : String.format(
                                    Locale.ROOT,
                                    "%.2f cores, cpu %.1f s, rss %d MB",
                                    gatewayCores,
                                    gateway,
                                    gw.rssKb() / 1024));
        }
    }

    /** What the gateway's heap holds with every call up: the top of a class histogram, for BENCHMARKS.md. */
    private void histogram(String histo, Config c, long live) {
        String[] lines = histo.split("\n");
        StringBuilder top = new StringBuilder("# gateway heap with " + live + " live " + c.transport() + " calls\n");
        for (int i = 0; i < Math.min(lines.length, 33); i++) {
            top.append(lines[i]).append('\n');
        }
        top.append("...\n").append(lines[lines.length - 1]).append('\n');
        try {
            java.nio.file.Files.createDirectories(harness.options().outDir());
            java.nio.file.Files.writeString(
                    harness.options()
                            .outDir()
                            .resolve("gateway-heap-" + c.transport().name().toLowerCase(Locale.ROOT) + "-" + c.calls()
                                    + ".txt"),
                    top);
        } catch (java.io.IOException e) {
            out.println("   (could not write the heap histogram: " + e + ")");
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
