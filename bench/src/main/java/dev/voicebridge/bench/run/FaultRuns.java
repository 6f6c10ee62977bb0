package dev.voicebridge.bench.run;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.caller.SipCaller;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Fault runs, each bounded in calls and time and on loopback only. Good calls run through a fault
 * the design says they survive; each run prints calls started / survived / lost, and fails (exit
 * code 1) if any good call was lost.
 *
 * <ul>
 *   <li>azure-drop: every Azure socket is reset (no close frame) every 30 s;</li>
 *   <li>azure-stall: Azure goes silent for 500 ms every 10 s;</li>
 *   <li>rtp-loss: SIP calls whose network loses 5 % of packets both ways and reorders 5 %;</li>
 *   <li>malformed-ws: streams sending broken messages, one every 250 ms, beside good WebSocket calls;</li>
 *   <li>malformed-sip: broken SIP datagrams, one every 100 ms, beside good SIP calls;</li>
 *   <li>hangup: callers hang up (WebSocket stop, SIP BYE) about a second into the model's answer.</li>
 * </ul>
 */
public final class FaultRuns {

    /** One fault run's outcome. */
    public record Outcome(String fault, long started, long survived, long lost, String notes, RunResult run) {
        boolean passed() {
            return lost == 0 && started > 0 && survived == started;
        }
    }

    static final List<String> BAD_WS = List.of(
            "this is not JSON",
            "{\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}",
            "{\"event\":\"start\",\"start\":{\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\"}}}",
            "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZbad\",\"mediaFormat\":{\"encoding\":\"audio/opus\",\"sampleRate\":48000,\"channels\":2}}}",
            "[1,2,3]",
            "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"X\"}}");

    static final List<String> BAD_SIP = List.of(
            "\u0000\u0001\u0002 garbage that is not SIP at all\r\n\r\n",
            "INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad1\r\nCSeq: 1 INVITE\r\n"
                    + "Content-Length: 0\r\n\r\n",
            "INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad2\r\nFrom: <sip:a@b>;tag=1\r\n"
                    + "To: <sip:agent@127.0.0.1>\r\nCall-ID: bad-sdp@bench\r\nCSeq: 1 INVITE\r\nContact: <sip:a@127.0.0.1:9>\r\n"
                    + "Content-Type: application/sdp\r\nContent-Length: 19\r\n\r\nv=0\r\nm=audio x y z\r\n",
            "BYE sip:nobody@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad3\r\nFrom: <sip:a@b>;tag=2\r\n"
                    + "To: <sip:agent@127.0.0.1>;tag=x\r\nCall-ID: no-such-dialog@bench\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKbad4\r\nCSeq: 1 INVITE\r\nContent-Length: 99999\r\n\r\n");

    private FaultRuns() {}

    public static int run(Harness harness, String which, Map<String, String> o, Path dir, PrintStream out) {
        List<String> names = which.equals("all") || which.equals("true")
                ? List.of("azure-drop", "azure-stall", "rtp-loss", "malformed-ws", "malformed-sip", "hangup")
                : List.of(which.split(","));
        List<Outcome> outcomes = new ArrayList<>();
        // Cold JVMs on a busy host can take longer than the gateway's 5 s Azure handshake timeout; a
        // call lost that way would be blamed on the fault that follows.
        RunOptions.warmUp(
                harness, Map.of("warmup", o.getOrDefault("warmup", "10"), "calls", "20"), List.of("ws", "sip"), out);
        for (String name : names) {
            if (!harness.gateway().alive()) {
                harness.startGateway();
            }
            Outcome r = switch (name) {
                case "azure-drop" -> azureDrop(harness, o, out);
                case "azure-stall" -> azureStall(harness, o, out);
                case "rtp-loss" -> rtpLoss(harness, o, out);
                case "malformed-ws" -> malformedWs(harness, o, out);
                case "malformed-sip" -> malformedSip(harness, o, out);
                case "hangup" -> hangUps(harness, o, out);
                default -> throw new IllegalArgumentException("unknown fault " + name);
            };
            outcomes.add(r);
            out.printf(
                    Locale.ROOT,
                    "FAULT %-13s calls started %4d  survived %4d  lost %4d  %s  (%s)%n",
                    r.fault(),
                    r.started(),
                    r.survived(),
                    r.lost(),
                    r.passed() ? "PASS" : "FAIL",
                    r.notes());
        }
        out.println();
        out.println("| fault | calls started | survived | lost | result | notes |");
        out.println("|---|---:|---:|---:|---|---|");
        for (Outcome r : outcomes) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %s | %s |%n",
                    r.fault(),
                    r.started(),
                    r.survived(),
                    r.lost(),
                    r.passed() ? "pass" : "FAIL",
                    r.notes());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("faults", outcomes);
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("faults.json"), Report.json(doc));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return outcomes.stream().allMatch(Outcome::passed) ? 0 : 1;
    }

    private static LoadRun.Config config(
            Map<String, String> o, LoadRun.Transport t, int defaultCalls, int defaultSeconds) {
        Map<String, String> p = new HashMap<>(o);
        p.putIfAbsent("calls", Integer.toString(defaultCalls));
        p.putIfAbsent("duration", Integer.toString(defaultSeconds));
        p.putIfAbsent("ramp", "20");
        return RunOptions.config(p, t);
    }

    private static Outcome outcome(String fault, RunResult r, String notes) {
        return new Outcome(fault, r.callsStarted(), r.callsCompleted(), r.callsLost(), notes, r);
    }

    /** Every Azure socket reset every 30 s: the gateway must reconnect and keep each call up. */
    static Outcome azureDrop(Harness h, Map<String, String> o, PrintStream out) {
        LoadRun.Config c = config(o, LoadRun.Transport.WEBSOCKET, 20, 75);
        long connectionsBefore = h.tap().connections();
        long dropsBefore = h.tap().drops();
        RunResult r =
                withPeriodic(c, Duration.ofSeconds(30), () -> h.tap().dropAll(), () -> new LoadRun(h, out).run(c));
        return outcome(
                "azure-drop",
                r,
                String.format(
                        Locale.ROOT,
                        "Azure sockets reset %d, opened %d; uplink frames lost" + " while reconnecting %d",
                        h.tap().drops() - dropsBefore,
                        h.tap().connections() - connectionsBefore,
                        r.upLost()));
    }

    /** Azure silent for 500 ms every 10 s: well under the stall timeout, so nothing may end. */
    static Outcome azureStall(Harness h, Map<String, String> o, PrintStream out) {
        LoadRun.Config c = config(o, LoadRun.Transport.WEBSOCKET, 20, 35);
        long connectionsBefore = h.tap().connections();
        RunResult r = withPeriodic(
                c,
                Duration.ofSeconds(10),
                () -> h.tap().stall(Duration.ofMillis(500)),
                () -> new LoadRun(h, out).run(c));
        return outcome(
                "azure-stall",
                r,
                String.format(
                        Locale.ROOT,
                        "Azure sockets opened %d for %d calls; frames lost up %d" + " down %d",
                        h.tap().connections() - connectionsBefore,
                        c.calls(),
                        r.upLost(),
                        r.downLost()));
    }

    /** 5 % packet loss and 5 % reordering both ways on every SIP call. */
    static Outcome rtpLoss(Harness h, Map<String, String> o, PrintStream out) {
        LoadRun.Config c = config(o, LoadRun.Transport.SIP, 20, 30);
        LoadRun run = new LoadRun(h, out);
        RunResult r = run.run(
                c,
                (i, d) -> d instanceof SipCaller s ? s.impaired(new SipCaller.Impairment(0.05, 0.05, 7)) : d,
                LoadRun.STANDARD);
        return outcome(
                "rtp-loss",
                r,
                String.format(
                        Locale.ROOT,
                        "caller frames sent %d, at Azure %d (about 5 %% dropped" + " on purpose)",
                        r.upSent(),
                        r.upSeen()));
    }

    /** Broken streams beside good calls: each broken one is closed alone, every good call goes on. */
    static Outcome malformedWs(Harness h, Map<String, String> o, PrintStream out) {
        LoadRun.Config c = config(o, LoadRun.Transport.WEBSOCKET, 20, 20);
        AtomicLong sent = new AtomicLong();
        AtomicLong closedWithCode = new AtomicLong();
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
                .runOn(h.loops())
                .headers(hd -> hd.set("Authorization", "Bearer " + Harness.MEDIA_TOKEN));
        String url = "ws://127.0.0.1:" + h.gateway().httpPort() + "/media";
        RunResult r = withPeriodic(
                c,
                Duration.ofMillis(250),
                () -> {
                    String bad = BAD_WS.get((int) (sent.getAndIncrement() % BAD_WS.size()));
                    client.websocket()
                            .uri(url)
                            .handle((in, outbound) -> {
                                in.receiveCloseStatus().subscribe(s -> {
                                    if (s.code() >= 1002) {
                                        closedWithCode.incrementAndGet();
                                    }
                                });
                                return outbound.sendString(Mono.just(bad))
                                        .then()
                                        .thenMany(in.receive())
                                        .then();
                            })
                            .timeout(Duration.ofSeconds(5))
                            .onErrorComplete()
                            .subscribe();
                },
                () -> new LoadRun(h, out).run(c));
        return outcome(
                "malformed-ws",
                r,
                String.format(
                        Locale.ROOT,
                        "broken streams %d, closed by the gateway with an error" + " code %d",
                        sent.get(),
                        closedWithCode.get()));
    }

    /** Broken SIP datagrams beside good SIP calls. */
    static Outcome malformedSip(Harness h, Map<String, String> o, PrintStream out) {
        LoadRun.Config c = config(o, LoadRun.Transport.SIP, 20, 20);
        AtomicLong sent = new AtomicLong();
        RunResult r = withPeriodic(
                c,
                Duration.ofMillis(100),
                () -> h.sipNetwork().send(BAD_SIP.get((int) (sent.getAndIncrement() % BAD_SIP.size()))),
                () -> new LoadRun(h, out).run(c));
        return outcome(
                "malformed-sip",
                r,
                String.format(
                        Locale.ROOT,
                        "broken SIP messages %d; gateway alive after: %s",
                        sent.get(),
                        h.gateway().alive()));
    }

    /**
     * Callers hang up about a second into the model's answer (WebSocket stop and SIP BYE, as the SMA's
     * Hangup reaches the gateway): every call must end cleanly and leave no Azure session open.
     */
    static Outcome hangUps(Harness h, Map<String, String> o, PrintStream out) {
        // Speech 0.5-1.7 s, the 2 s answer plays from about 2.2 s, media stops at 2.6 s, hang-up at 3.6 s.
        LoadRun.Scripts midAnswer = (call, c) -> new CallScript(2600, 500, 1200, 5000, 0, 0, 900);
        LoadRun run = new LoadRun(h, out);
        RunResult ws = run.run(config(o, LoadRun.Transport.WEBSOCKET, 20, 5), (i, d) -> d, midAnswer);
        RunResult sip = run.run(config(o, LoadRun.Transport.SIP, 20, 5), (i, d) -> d, midAnswer);
        LoadRun.sleep(3000);
        int openAzure = h.tap().open();
        long started = ws.callsStarted() + sip.callsStarted();
        long survived = ws.callsCompleted() + sip.callsCompleted();
        long lost = ws.callsLost() + sip.callsLost() + openAzure;
        return new Outcome(
                "hangup",
                started,
                survived,
                lost,
                String.format(
                        Locale.ROOT,
                        "hung up mid-answer: WebSocket %d," + " SIP %d; Azure sessions still open afterwards %d",
                        ws.callsCompleted(),
                        sip.callsCompleted(),
                        openAzure),
                ws);
    }

    private static RunResult withPeriodic(
            LoadRun.Config c, Duration every, Runnable fault, java.util.function.Supplier<RunResult> run) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-fault");
            t.setDaemon(true);
            return t;
        });
        long endMs = c.rampMs() + c.durationSeconds() * 1000L - 2000;
        long start = System.currentTimeMillis();
        s.scheduleAtFixedRate(
                () -> {
                    if (System.currentTimeMillis() - start < endMs) {
                        fault.run();
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return run.get();
        } finally {
            s.shutdownNow();
        }
    }
}
