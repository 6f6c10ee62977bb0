package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.RealtimeConnector;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.gateway.realtime.protocol.AzureAudioFormat;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.gateway.tools.ToolProperties;
import dev.voicebridge.gateway.tools.ToolRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, not a test: the cost of the one pacing point alone. N call sessions on one media
 * clock, each kept fed with assistant audio (100 ms base64 deltas, as Azure sends them), so every
 * tick hands every call a frame. No sockets: this isolates clock, playout queue and frame cutting.
 *
 * <pre>java -cp &lt;gateway test classpath&gt; dev.voicebridge.gateway.call.MediaClockLoadProbe 1000 20</pre>
 */
public final class MediaClockLoadProbe {

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        TestGateway.Settings settings = new TestGateway.Settings();
        settings.endpoint = null; // no Azure: the assistant is never started
        RealtimeConnector connector = new RealtimeConnector(settings.realtime());
        ToolProperties toolProperties = new ToolProperties(false, false, null, null, false, Duration.ofSeconds(1),
                List.of(), "us-east-1", null);
        ToolRegistry tools = new ToolRegistry(toolProperties, new SmaCallControl(toolProperties));
        SessionConfig config = new SessionConfig("x", "marin", AzureAudioFormat.PCMU, TurnDetection.phoneDefaults(),
                null, List.of());
        MediaClock clock = new MediaClock();
        ApologyPrompt apology = new ApologyPrompt();
        List<CallSession> sessions = new ArrayList<>();
        List<CoreLoadProbe.CountingLeg> legs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CoreLoadProbe.CountingLeg leg = new CoreLoadProbe.CountingLeg();
            CallSession s = new CallSession(new CallSetup("probe-" + i, CallSetup.Transport.SIP, null, null, null, null),
                    leg, clock, new CallProperties(n, 60000, 40, 1000), tools, apology, AzureAudioFormat.PCMU, true, x -> { });
            s.attach(new AssistantSession("probe-" + i, connector, config, 40, false, new Transcript(Clock.systemUTC()), s));
            clock.add(s);
            sessions.add(s);
            legs.add(leg);
        }
        byte[] delta = Speech.ulawVoiced(100);
        var feeder = Executors.newSingleThreadScheduledExecutor();
        long[] seq = {0};
        feeder.scheduleAtFixedRate(() -> {
            long k = seq[0]++;
            for (CallSession s : sessions) {
                s.onAssistantAudio("resp", "item-" + (k / 50), delta); // a new item every 5 s
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(3000);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long ticks0 = clock.ticks();
        long late0 = clock.lateTicks();
        long skipped0 = clock.skippedTicks();
        long frames0 = legs.stream().mapToLong(l -> l.frames.get()).sum();
        Thread.sleep(seconds * 1000L);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        long frames = legs.stream().mapToLong(l -> l.frames.get()).sum() - frames0;
        long ticks = clock.ticks() - ticks0;
        System.out.printf("calls %d, %d s: CPU %.3f cores (%.3f ms per call-second); ticks %d (expected %d), late %d,"
                        + " skipped %d; frames %d (%.1f%% of calls x ticks)%n", n, seconds, (double) cpu / wall,
                cpu / 1e6 / n / (wall / 1e9), ticks, wall / 20_000_000, clock.lateTicks() - late0,
                clock.skippedTicks() - skipped0, frames, 100.0 * frames / ((double) n * ticks));
        feeder.shutdownNow();
        clock.close();
        System.exit(0);
    }
}
