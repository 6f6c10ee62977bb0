package dev.voicebridge.sma.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark driver (not a test): cold start = spawning a fresh JVM on the Lambda jar until the first SMA
 * response comes out of FunctionInvoker, seen from outside the JVM; warm = per-invocation time of a
 * long-lived instance. Uses only the JDK, so it runs with nothing but test-classes on its class path.
 *
 * <p>Run: {@code ./mvnw -B -pl sma-lambda -am verify -Pbenchmark -DskipTests} (see BENCHMARKS.md).
 * Arguments: the aws jar, the test-classes directory, the report file, cold runs, warm iterations.
 */
public final class SmaLambdaBenchmark {

    private record Flags(String name, List<String> jvmArgs) {}

    private SmaLambdaBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path testClasses = Path.of(args[1]);
        Path report = Path.of(args[2]);
        int coldRuns = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int warmIterations = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl sma-lambda -am package");
        }
        String javaCmd = ProcessHandle.current().info().command().orElse("java");
        // Class-data sharing only archives classes from jars, so the probe goes into one as well.
        Path probeJar = jar.resolveSibling("sma-lambda-bench-probe.jar");
        packDirectory(testClasses, probeJar);
        String classPath = jar + java.io.File.pathSeparator + probeJar;
        Path cds = jar.resolveSibling("sma-lambda-bench.jsa");
        Files.deleteIfExists(cds);

        List<Flags> configurations = List.of(
                new Flags("JDK defaults", List.of()),
                // What the AWS Lambda Java runtimes set in JAVA_TOOL_OPTIONS by default, plus the collector the JVM
                // picks by itself below 1792 MB (not a "server class machine"), i.e. at the usual Lambda sizes.
                new Flags(
                        "Lambda-like (C1 only, SerialGC)",
                        List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")),
                // An application class-data archive, created by the first run and used by the next ones.
                new Flags(
                        "Lambda-like + AppCDS",
                        List.of(
                                "-XX:+TieredCompilation",
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-XX:+AutoCreateSharedArchive",
                                "-XX:SharedArchiveFile=" + cds)));

        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        w.printf(Locale.ROOT, "java: %s (%s)%n", javaCmd, System.getProperty("java.version"));
        w.printf(
                Locale.ROOT,
                "cpus: %d, load average at start: %.2f%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        w.printf(Locale.ROOT, "jar: %s (%.1f MB)%n%n", jar.getFileName(), Files.size(jar) / 1e6);
        w.println(
                "cold start: JVM spawn -> first SMA response (NEW_INBOUND_CALL -> CallAndBridge) through FunctionInvoker");
        for (Flags flags : configurations) {
            if (flags.name().contains("AppCDS")) {
                run(javaCmd, flags.jvmArgs(), classPath, 0); // creates the archive; not counted
            }
            List<Long> outside = new ArrayList<>();
            List<Long> inside = new ArrayList<>();
            List<Long> cpu = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                long[] r = run(javaCmd, flags.jvmArgs(), classPath, 0);
                outside.add(r[0]);
                inside.add(r[1]);
                cpu.add(r[2]);
            }
            w.printf(
                    Locale.ROOT,
                    "  %-40s wall median %5d ms (min %d, max %d), CPU time median %5d ms (min %d), runs=%d%n",
                    flags.name(),
                    median(outside),
                    min(outside),
                    max(outside),
                    median(cpu),
                    min(cpu),
                    coldRuns);
        }
        w.println();
        w.println("warm: one long-lived instance, each invocation a new event of a new call (no cache hits):");
        for (Flags flags : configurations.subList(0, 2)) {
            String warm = runWarm(javaCmd, flags.jvmArgs(), classPath, warmIterations);
            w.printf(Locale.ROOT, "  %-40s %s%n", flags.name(), warm);
        }
        w.flush();
        System.out.print(text);
        Files.writeString(report, text.toString(), StandardCharsets.UTF_8);
        Files.deleteIfExists(cds);
    }

    private static void packDirectory(Path directory, Path jarFile) throws IOException {
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jarFile));
                var files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(
                        directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    /** Returns {ms from spawn to the first response seen outside, in-JVM uptime, process CPU ms at first response}. */
    private static long[] run(String java, List<String> jvmArgs, String classPath, int warm) throws Exception {
        Process process = start(java, jvmArgs, classPath, warm);
        long spawned = System.nanoTime();
        long outside = -1;
        long inside = -1;
        long cpu = -1;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("BENCH FIRST_RESPONSE")) {
                    outside = (System.nanoTime() - spawned) / 1_000_000;
                    inside = Long.parseLong(line.replaceAll(".*uptimeAtFirstResponseMs=(\\d+).*", "$1"));
                    cpu = Long.parseLong(line.replaceAll(".*cpuMsAtFirstResponse=(-?\\d+).*", "$1"));
                }
            }
        }
        finish(process);
        if (outside < 0) {
            throw new IllegalStateException("the probe never answered");
        }
        return new long[] {outside, inside, cpu};
    }

    private static String runWarm(String java, List<String> jvmArgs, String classPath, int warm) throws Exception {
        Process process = start(java, jvmArgs, classPath, warm);
        String result = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("BENCH WARM")) {
                    result = line.substring("BENCH WARM ".length());
                }
            }
        }
        finish(process);
        return result;
    }

    private static Process start(String java, List<String> jvmArgs, String classPath, int warm) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.addAll(Arrays.asList(
                "-cp",
                classPath,
                // The configuration a gateway-mode Lambda runs with; system properties stand in for env vars.
                "-DGATEWAY_VOICE_CONNECTOR_ARN=arn:aws:chime:us-east-1:123456789012:vc/gatewayvc0000000000001",
                "-DSMA_INBOUND_VOICE_CONNECTOR_ARN=arn:aws:chime:us-east-1:123456789012:vc/inboundvc0000000000002",
                "dev.voicebridge.sma.bench.ColdStartProbe",
                Integer.toString(warm)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void finish(Process process) throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("probe did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("probe failed with exit code " + process.exitValue());
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
