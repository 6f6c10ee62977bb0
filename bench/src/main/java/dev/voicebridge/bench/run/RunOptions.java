package dev.voicebridge.bench.run;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line options every run reads the same way (warm-up, run config, transport). Here, not
 * in BenchMain, so that the runs need nothing from the package of the command line that starts them.
 */
public final class RunOptions {

    private RunOptions() {}

    /**
     * A short unmeasured run per transport first, so the JIT has compiled the hot paths of the gateway
     * and of the harness before anything is measured ({@code -warmup 0} skips it).
     */
    public static void warmUp(Harness harness, Map<String, String> o, List<String> transports, PrintStream out) {
        int seconds = Integer.parseInt(o.getOrDefault("warmup", "20"));
        if (seconds <= 0) {
            return;
        }
        for (String t : transports) {
            Map<String, String> w = new HashMap<>(o);
            w.put("calls", Integer.toString(Math.min(50, Integer.parseInt(o.getOrDefault("calls", "50")))));
            w.put("duration", Integer.toString(Math.max(8, seconds)));
            w.put("ramp", "25");
            out.println("(warm-up, not measured)");
            new LoadRun(harness, out).run(config(w, transport(t)));
        }
    }

    public static LoadRun.Config config(Map<String, String> o, LoadRun.Transport t) {
        return new LoadRun.Config(
                t,
                Integer.parseInt(o.getOrDefault("calls", "50")),
                Integer.parseInt(o.getOrDefault("duration", "30")),
                Integer.parseInt(o.getOrDefault("ramp", "50")),
                Long.parseLong(o.getOrDefault("seed", "1")),
                Double.parseDouble(o.getOrDefault("bound", "2")),
                Integer.parseInt(o.getOrDefault("setup-timeout-ms", "15000")));
    }

    public static LoadRun.Transport transport(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "baseline" -> LoadRun.Transport.BASELINE;
            case "ws", "websocket" -> LoadRun.Transport.WEBSOCKET;
            case "sip" -> LoadRun.Transport.SIP;
            case "sip-srtp", "srtp" -> LoadRun.Transport.SIP_SRTP;
            default ->
                throw new IllegalArgumentException("unknown transport " + name + "; use baseline, ws, sip or sip-srtp");
        };
    }
}
