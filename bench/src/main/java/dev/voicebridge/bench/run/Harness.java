package dev.voicebridge.bench.run;

import dev.voicebridge.bench.caller.Pacer;
import dev.voicebridge.bench.caller.SipNetwork;
import dev.voicebridge.bench.gateway.BenchKeystore;
import dev.voicebridge.bench.gateway.GatewayProcess;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.tap.AzureTap;
import dev.voicebridge.bench.wire.Transport;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SimulatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.netty.resources.LoopResources;

/**
 * The fixed parts of a benchmark session, started once and shared by every run in it: the Realtime
 * simulator as Azure, the tap in front of it, the callers' clock and event loops, and (unless only
 * the baseline is wanted) the gateway in its own JVM. Call indexes never repeat within a session, so
 * a late stamp from one run can never be counted in the next.
 */
public final class Harness implements AutoCloseable {

    /** How Azure streams its answers. */
    public enum AzurePace {
        /** 20 ms deltas in real time: downlink latency then means gateway time, not queueing. */
        REALTIME,
        /** 100 ms deltas four times faster than real time, as Azure does: the playout queue fills. */
        FAST
    }

    /** When Azure answers with the caller's audio. */
    public enum Echo {
        /** After each utterance, once the simulator's VAD has heard its end (a model's turn). */
        VAD,
        /**
         * Every append at once, in one long-lived response: the caller hears its own frames back as soon
         * as the gateway carries them, so round trip is the gateway's both ways, with no utterance in it.
         */
        IMMEDIATE
    }

    /**
     * Session-wide settings; {@code pinning} is null when the two JVMs share every CPU; {@code sipTls}
     * adds the gateway's TLS listener (with a keystore made for the session) for SRTP calls.
     */
    public record Options(
            AzurePace pace,
            Echo echo,
            boolean gateway,
            boolean sip,
            boolean sipTls,
            List<String> gatewayJvm,
            Path outDir,
            boolean jfr,
            int appendMs,
            Path gatewayJar,
            Pinning pinning,
            Duration azureSetup,
            List<String> gatewaySettings) {}

    public static final String MEDIA_TOKEN = "bench-media-token";

    private final Options options;
    private final RealtimeSimulator simulator;
    private final AzureTap tap;
    private final Pacer pacer = new Pacer();
    private final LoopResources loops = LoopResources.create("bench-caller", 2, true);
    private final ConcurrentHashMap<Integer, CallBook> books = new ConcurrentHashMap<>();
    private final AtomicInteger nextCall = new AtomicInteger(1);
    private GatewayProcess gateway;
    private SipNetwork sip;
    private SipNetwork sipTls;
    private BenchKeystore keystore;

    private Harness(Options options) {
        this.options = options;
        // Counters only: a session record of every event of every call was most of the bench JVM's heap and GC.
        SimulatorOptions.Builder sim =
                SimulatorOptions.builder().recordEvents(false).echoImmediately(options.echo() == Echo.IMMEDIATE);
        if (options.pace() == AzurePace.REALTIME) {
            sim.deltaDuration(Duration.ofMillis(20)).speed(1.0);
        }
        if (!options.azureSetup().isZero()) {
            // A real region takes several hundred ms to set a session up; callers talk meanwhile.
            sim.fault(new dev.voicebridge.simulator.Fault.SlowHandshake(options.azureSetup()));
        }
        // With native epoll the tap reaches the simulator over a Unix socket: that hop is inside the harness
        // and not measured, and a TCP stack per message on it was a large part of the harness's kernel time.
        Path socket = Transport.best() == Transport.EPOLL ? socketPath() : null;
        this.simulator = RealtimeSimulator.start(sim.unixSocket(socket).build());
        this.tap = new AzureTap(
                socket != null
                        ? new io.netty.channel.unix.DomainSocketAddress(socket.toString())
                        : new java.net.InetSocketAddress("127.0.0.1", simulator.port()),
                books::get);
    }

    private static Path socketPath() {
        try {
            Path dir = java.nio.file.Files.createTempDirectory("voicebridge-bench");
            dir.toFile().deleteOnExit();
            Path socket = dir.resolve("azure.sock");
            socket.toFile().deleteOnExit();
            return socket;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Harness start(Options options) {
        Harness h = new Harness(options);
        try {
            if (options.gateway()) {
                h.startGateway();
            }
            return h;
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** (Re)starts the gateway JVM, e.g. after a run that killed it. */
    public void startGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (options.sipTls() && keystore == null) {
            keystore = BenchKeystore.create();
        }
        gateway = GatewayProcess.start(new GatewayProcess.Options(
                tap.port(),
                simulator.apiKey(),
                simulator.deployment(),
                MEDIA_TOKEN,
                options.gatewayJvm(),
                options.jfr() ? options.outDir().resolve("gateway.jfr") : null,
                options.outDir().resolve("gateway.log"),
                options.appendMs(),
                options.sip(),
                options.gatewayJar(),
                options.pinning() == null ? List.of() : options.pinning().gatewayLauncher(),
                options.gatewaySettings(),
                options.sipTls() ? keystore : null));
    }

    public Options options() {
        return options;
    }

    public RealtimeSimulator simulator() {
        return simulator;
    }

    public AzureTap tap() {
        return tap;
    }

    public Pacer pacer() {
        return pacer;
    }

    public LoopResources loops() {
        return loops;
    }

    public GatewayProcess gateway() {
        return gateway;
    }

    /** The callers' SIP socket, aimed at the current gateway. */
    public synchronized SipNetwork sipNetwork() {
        if (sip == null || sip.gateway().getPort() != gateway.sipPort()) {
            if (sip != null) {
                sip.close();
            }
            sip = new SipNetwork(gateway.sipPort());
        }
        return sip;
    }

    /** The callers' SIP over TLS connection (SRTP calls), to the current gateway's TLS listener. */
    public synchronized SipNetwork sipTlsNetwork() {
        if (gateway.tlsPort() < 0) {
            throw new IllegalStateException("the gateway was started without its TLS listener");
        }
        if (sipTls == null || sipTls.gateway().getPort() != gateway.tlsPort()) {
            if (sipTls != null) {
                sipTls.close();
            }
            sipTls = SipNetwork.tls(gateway.tlsPort(), keystore.certificate());
        }
        return sipTls;
    }

    /** A fresh block of call indexes, each with an empty book. */
    public int allocate(int calls) {
        int base = nextCall.getAndAdd(calls);
        for (int i = 0; i < calls; i++) {
            books.put(base + i, new CallBook());
        }
        return base;
    }

    public CallBook book(int call) {
        return books.get(call);
    }

    /** Forgets the books of a finished run. */
    public void release(int base, int calls) {
        for (int i = 0; i < calls; i++) {
            books.remove(base + i);
        }
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        pacer.close();
        if (sip != null) {
            sip.close();
        }
        if (sipTls != null) {
            sipTls.close();
        }
        tap.close();
        simulator.close();
        loops.dispose();
    }
}
