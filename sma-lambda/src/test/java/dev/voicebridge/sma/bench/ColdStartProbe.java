package dev.voicebridge.sma.bench;

import dev.voicebridge.sma.testing.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * One Lambda instance's life, in a fresh JVM started by {@link SmaLambdaBenchmark}: the handler class is
 * created and answers its first event exactly as the Lambda runtime does it (constructor, then handleRequest),
 * then, in warm mode, keeps answering events of new calls and reports the per-invocation times.
 *
 * <p>Lines starting with {@code BENCH } on the real stdout are for the driver; the Lambda's own log goes to
 * stdout as well, as in Lambda.
 */
public final class ColdStartProbe {

    private static final String FIXTURE_TX = "2f6b8d0e-5a4c-4e1b-9c7d-3a2b1c0d9e8f";

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        int warmIterations = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        PrintStream out = System.out;
        byte[] first = event("new-inbound-call.json", "00000000-0000-4000-8000-000000000000", null);

        // What the Lambda runtime does: load the handler class, construct it, invoke it.
        FunctionInvoker handler = new FunctionInvoker();
        long initDoneUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        byte[] response = invoke(handler, first);
        long firstResponseUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        if (!new String(response, StandardCharsets.UTF_8).contains("CallAndBridge")) {
            throw new IllegalStateException(
                    "unexpected first response: " + new String(response, StandardCharsets.UTF_8));
        }
        long cpuMs = ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toMillis)
                .orElse(-1L);
        out.println("BENCH FIRST_RESPONSE uptimeAtInitMs=" + initDoneUptime + " uptimeAtFirstResponseMs="
                + firstResponseUptime + " cpuMsAtFirstResponse=" + cpuMs);
        out.flush();
        if (warmIterations <= 0) {
            return;
        }

        // Warm: every invocation is a new event of a new call (no response cache hits), the events of a whole
        // bridged call in turn: arrival, bridge answered, caller hangs up, gateway leg gone.
        List<byte[]> events = new ArrayList<>();
        int calls = (warmIterations + 3) / 4 + 1;
        for (int i = 0; i < calls; i++) {
            String tx = String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", i, i);
            events.add(event("new-inbound-call.json", tx, null));
            events.add(event(
                    "action-successful-call-and-bridge.json", tx, "{\"vbPhase\":\"BRIDGING\",\"vbAttempt\":\"1\"}"));
            events.add(event("hangup-leg-a.json", tx, "{\"vbPhase\":\"BRIDGED\",\"vbAttempt\":\"1\"}"));
            events.add(event(
                    "hangup-leg-b-both-gone.json",
                    tx,
                    "{\"vbPhase\":\"ENDING\",\"vbAttempt\":\"1\",\"vbHungUp\":\"9d8c7b6a-5f4e-4d3c-ab2a-1f0e9d8c7b6a\","
                            + "\"vbEndReason\":\"LEG-A hung up (SIP 0)\"}"));
        }
        int warmup = Math.min(events.size() / 2, warmIterations);
        for (int i = 0; i < warmup; i++) {
            invoke(handler, events.get(i));
        }
        long[] nanos = new long[Math.min(warmIterations, events.size() - warmup)];
        for (int i = 0; i < nanos.length; i++) {
            byte[] event = events.get(warmup + i);
            long start = System.nanoTime();
            invoke(handler, event);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        out.println("BENCH WARM n=" + nanos.length + " medianUs=" + micros(nanos, 0.50) + " p90Us="
                + micros(nanos, 0.90) + " p99Us=" + micros(nanos, 0.99) + " maxUs=" + nanos[nanos.length - 1] / 1000);
        out.flush();
    }

    private static byte[] invoke(FunctionInvoker handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        handler.handleRequest(new ByteArrayInputStream(event), out, new TestLambdaContext());
        return out.toByteArray();
    }

    private static String micros(long[] sorted, double quantile) {
        long v = sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
        return String.format(Locale.ROOT, "%.1f", v / 1000.0);
    }

    private static byte[] event(String fixture, String tx, String attributesJson) throws IOException {
        String json;
        try (InputStream in = ColdStartProbe.class.getResourceAsStream("/events/" + fixture)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replace(FIXTURE_TX, tx);
        if (attributesJson != null) {
            json = json.replaceFirst(
                    "\"CallDetails\"\\s*:\\s*\\{",
                    "\"CallDetails\": {\"TransactionAttributes\": " + attributesJson.replace("$", "\\$") + ",");
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
