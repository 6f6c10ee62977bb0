package dev.voicebridge.bench;

import dev.voicebridge.bench.run.FaultRuns;
import dev.voicebridge.bench.run.Harness;
import dev.voicebridge.bench.run.LoadRun;
import dev.voicebridge.bench.run.Pinning;
import dev.voicebridge.bench.run.Report;
import dev.voicebridge.bench.run.RunOptions;
import dev.voicebridge.bench.run.RunResult;
import dev.voicebridge.bench.run.Search;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The harness's command line. Run through Maven with the toolchain JDK:
 * {@code ./mvnw -B -q -pl bench exec:exec -Dbench.args="load -calls 200 -duration 60"}.
 * See {@link #USAGE} and BENCHMARKS.md.
 */
public final class BenchMain {

    static final String USAGE = """
            usage: BenchMain <command> [options]
              load    -calls N[,N...] -duration S [-ramp R] [-transports baseline,ws,sip,sip-srtp] [-pace realtime|fast]
                      the same N calls through each transport in turn, the baseline (no gateway) first;
                      with a list of N, all of that for each N in turn (e.g. -calls 5,200);
                      sip-srtp: SIP over TLS to the gateway's TLS listener, SDES-SRTP media
              search  -from N -max N [-duration S] [-transport ws|sip|sip-srtp] [-bound MS | -bound-added MS]
                      the largest N held with 0 calls and frames lost and p99 within the bound
                      (-bound-added: p99 minus a baseline's at the same N, run in the same step)
              fault   all|azure-drop|azure-stall|rtp-loss|malformed-ws|malformed-sip|hangup [-calls N] [-duration S]
                      bounded fault runs; each prints calls started / survived / lost
              jmh     [JMH options]  the hot-path microbenchmarks (HotPathBenchmarks), e.g. jmh -prof gc
            common: -out DIR (default bench/target/bench) -jfr (profile the gateway) -append-ms 20 -warmup 20
                    -gateway-jvm "-Xms512m -Xmx1g" -gateway-jar PATH (default: the gateway on this class path)
                    -seed 1 -setup-timeout-ms 15000
                    -echo vad|immediate  Azure echoes each utterance after its VAD ends it (default), or every
                                         append at once (round trip = the gateway's both ways)
                    -pin [GW:HARNESS]  gateway JVM under taskset -c GW (default 0), this JVM on HARNESS (default the rest)
                    -azure-setup-ms N  the simulator answers each handshake after N ms, as a real region's set-up takes
                    -gateway-set "name=value,name=value"  extra gateway settings, e.g. voicebridge.sip.ready-wait=0s
                    -webhook-url URL|down  the gateway posts its call events there, signed with a throwaway
                                           secret; "down" = a loopback port nothing listens on
            """;

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help")) {
            System.out.println(USAGE);
            return;
        }
        if (args[0].equals("jmh")) {
            // JMH's own command line: e.g. jmh -prof gc, jmh HotPath.*Rtp -f 1
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        int code = run(args[0], o, System.out);
        System.exit(code);
    }

    /**
     * -gateway-set, plus the webhook settings of -webhook-url: a receiver URL ("down": a loopback
     * port nothing listens on, so every attempt fails at once) and a random secret for this run.
     */
    static List<String> gatewaySettings(Map<String, String> o) {
        List<String> settings = new java.util.ArrayList<>();
        if (o.containsKey("gateway-set")) {
            settings.addAll(List.of(o.get("gateway-set").split(",")));
        }
        String url = o.get("webhook-url");
        if (url != null) {
            if (url.equals("down")) {
                try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                    url = "http://127.0.0.1:" + socket.getLocalPort() + "/hooks";
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("no free port for the webhook receiver", e);
                }
            }
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            settings.add("voicebridge.webhook.url=" + url);
            settings.add("voicebridge.webhook.secret=whsec_"
                    + java.util.Base64.getEncoder().encodeToString(key));
        }
        return settings;
    }

    /** Runs a command; returns the process exit code (0 = ran; for search and fault, 0 = held). */
    public static int run(String command, Map<String, String> o, PrintStream out) {
        Path dir = Path.of(o.getOrDefault("out", "target/bench"));
        Harness.AzurePace pace =
                Harness.AzurePace.valueOf(o.getOrDefault("pace", "realtime").toUpperCase(Locale.ROOT));
        List<String> transports = List.of(o.getOrDefault(
                        "transports", command.equals("search") ? o.getOrDefault("transport", "ws") : "baseline,ws")
                .split(","));
        boolean needGateway = !command.equals("load") || transports.stream().anyMatch(t -> !t.equals("baseline"));
        boolean sipTls = transports.stream().anyMatch(t -> RunOptions.transport(t) == LoadRun.Transport.SIP_SRTP);
        boolean sip = transports.contains("sip") || sipTls || command.equals("fault");
        List<String> jvm = List.of(o.getOrDefault("gateway-jvm", "-Xms512m -Xmx1g -XX:+UseG1GC")
                .trim()
                .split("\\s+"));
        int cpus = Runtime.getRuntime().availableProcessors();
        Pinning pinning = Pinning.of(o.get("pin"), cpus);
        Harness.Echo echo = Harness.Echo.valueOf(o.getOrDefault("echo", "vad").toUpperCase(Locale.ROOT));
        Harness.Options options = new Harness.Options(
                pace,
                echo,
                needGateway,
                sip,
                sipTls,
                jvm,
                dir.toAbsolutePath(),
                o.containsKey("jfr"),
                Integer.parseInt(o.getOrDefault("append-ms", "20")),
                o.containsKey("gateway-jar") ? Path.of(o.get("gateway-jar")).toAbsolutePath() : null,
                pinning,
                java.time.Duration.ofMillis(Long.parseLong(o.getOrDefault("azure-setup-ms", "0"))),
                gatewaySettings(o));
        Map<String, Object> context = context(command, o);
        if (pinning != null) {
            // Before the harness starts a thread: every thread made afterwards inherits this mask.
            pinning.pinSelf();
        }
        context.put(
                "pinning",
                pinning == null
                        ? "off" + (o.containsKey("pin") ? " (one CPU: nothing to split)" : "")
                        : pinning.describe());
        out.println("VoiceBridge bench: " + context);
        out.println(
                pinning == null
                        ? "pinning: off (both JVMs share every CPU)"
                        : "pinning: gateway on CPUs " + pinning.gatewayCpus() + " (taskset -c), harness on CPUs "
                                + pinning.harnessCpus());
        try (Harness harness = Harness.start(options)) {
            return switch (command) {
                case "load" -> load(harness, o, transports, dir, context, out);
                case "search" -> Search.run(harness, o, dir, context, out);
                case "fault" -> FaultRuns.run(harness, o.getOrDefault("name", "all"), o, dir, out);
                default -> {
                    out.println(USAGE);
                    yield 2;
                }
            };
        }
    }

    private static int load(
            Harness harness,
            Map<String, String> o,
            List<String> transports,
            Path dir,
            Map<String, Object> context,
            PrintStream out) {
        LoadRun runner = new LoadRun(harness, out);
        List<Integer> counts = callCounts(o);
        Map<String, String> first = new HashMap<>(o);
        first.put(
                "calls",
                Integer.toString(
                        counts.stream().mapToInt(Integer::intValue).max().orElseThrow()));
        RunOptions.warmUp(harness, first, transports, out);
        List<RunResult> results = new ArrayList<>();
        // Each N through every transport before the next N: a baseline and its gateway runs stay side by side.
        for (int calls : counts) {
            Map<String, String> at = new HashMap<>(o);
            at.put("calls", Integer.toString(calls));
            for (String t : transports) {
                results.add(runner.run(RunOptions.config(at, RunOptions.transport(t))));
            }
        }
        Report.write(dir, "load", results, context);
        out.println();
        out.println(Report.table(results));
        for (RunResult r : results) {
            r.failures().forEach(f -> out.println("   " + r.transport() + " " + f));
        }
        out.println("written: " + dir.resolve("load.json") + " and " + dir.resolve("load.md"));
        return 0;
    }

    /** {@code -calls}: one N, or a comma list for {@code load} (default 50). */
    static List<Integer> callCounts(Map<String, String> o) {
        return Arrays.stream(o.getOrDefault("calls", "50").split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    }

    private static Map<String, Object> context(String command, Map<String, String> o) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("command", command);
        c.put("options", new HashMap<>(o));
        c.put("at", Instant.now().toString());
        c.put("cpus", Runtime.getRuntime().availableProcessors());
        c.put("java", System.getProperty("java.version"));
        c.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return c;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                o.put("name", args[i]);
                continue;
            }
            String key = args[i].replaceFirst("^-+", "");
            if (i + 1 < args.length && !args[i + 1].startsWith("-")
                    || i + 1 < args.length && key.equals("gateway-jvm")) {
                o.put(key, args[++i]);
            } else {
                o.put(key, "true");
            }
        }
        return o;
    }
}
