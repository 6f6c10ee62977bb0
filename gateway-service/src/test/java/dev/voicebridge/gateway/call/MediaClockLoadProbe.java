package dev.voicebridge.gateway.call;

import java.lang.management.ManagementFactory;
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
        OfflineCalls calls = new OfflineCalls();
        MediaClock clock = new MediaClock();
        List<CallSession> sessions = new ArrayList<>();
        List<CoreLoadProbe.CountingLeg> legs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CoreLoadProbe.CountingLeg leg = new CoreLoadProbe.CountingLeg();
            CallSession s = calls.call("probe-" + i, leg, clock, n);
            clock.add(s);
            sessions.add(s);
            legs.add(leg);
        }
        byte[] delta = Speech.ulawVoiced(100);
        var feeder = Executors.newSingleThreadScheduledExecutor();
        long[] seq = {0};
        feeder.scheduleAtFixedRate(
                () -> {
                    long k = seq[0]++;
                    for (CallSession s : sessions) {
                        s.onAssistantAudio("resp", "item-" + (k / 50), delta); // a new item every 5 s
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
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
        System.out.printf(
                "calls %d, %d s: CPU %.3f cores (%.3f ms per call-second); ticks %d (expected %d), late %d,"
                        + " skipped %d; frames %d (%.1f%% of calls x ticks)%n",
                n,
                seconds,
                (double) cpu / wall,
                cpu / 1e6 / n / (wall / 1e9),
                ticks,
                wall / 20_000_000,
                clock.lateTicks() - late0,
                clock.skippedTicks() - skipped0,
                frames,
                100.0 * frames / ((double) n * ticks));
        feeder.shutdownNow();
        clock.close();
        System.exit(0);
    }
}
