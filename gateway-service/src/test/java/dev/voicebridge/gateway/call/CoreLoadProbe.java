package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement, not a test: N concurrent calls through the call core against a Realtime simulator
 * running in another process. Each caller talks 1 s in every 2.5 s; one feeder thread plays the
 * transport's part. Prints the gateway JVM's CPU use and the media clock's health.
 *
 * <pre>
 * ./mvnw -B -q -pl realtime-simulator exec:exec &amp;   # simulator on 127.0.0.1:8089
 * java -cp &lt;gateway test classpath&gt; dev.voicebridge.gateway.call.CoreLoadProbe http://127.0.0.1:8089 1000 30
 * </pre>
 */
public final class CoreLoadProbe {

    /** Counts, stores nothing: a leg as cheap as a transport can be. */
    static final class CountingLeg implements CallLeg {
        final AtomicLong frames = new AtomicLong();

        @Override
        public AudioFormat format() {
            return AudioFormat.PCMU;
        }

        @Override
        public void sendFrame(byte[] frame) {
            frames.incrementAndGet();
        }

        @Override
        public void sendSilence() {}

        @Override
        public void clearPlayback() {}

        @Override
        public void sendDtmf(String digits) {}

        @Override
        public void hangUp(EndReason reason) {}
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        byte[] speech = Speech.utterance(1000, 1500);
        int loopFrames = speech.length / 160;
        byte[][] frames = new byte[loopFrames][];
        for (int i = 0; i < loopFrames; i++) {
            frames[i] = java.util.Arrays.copyOfRange(speech, i * 160, i * 160 + 160);
        }
        try (TestGateway gateway = new TestGateway(endpoint, s -> {
            s.maxCalls = n;
            s.setupTimeout = java.time.Duration.ofSeconds(20);
            s.connectTimeout = java.time.Duration.ofSeconds(20);
            return s;
        })) {
            List<CallLegListener> listeners = new ArrayList<>();
            List<int[]> phases = new ArrayList<>();
            List<CallSession> sessions = new ArrayList<>();
            ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
            feeder.scheduleAtFixedRate(
                    () -> {
                        synchronized (listeners) {
                            for (int i = 0; i < listeners.size(); i++) {
                                int[] p = phases.get(i);
                                listeners.get(i).onCallerAudio(frames[p[0]++ % loopFrames]);
                            }
                        }
                    },
                    20,
                    20,
                    TimeUnit.MILLISECONDS);
            for (int i = 0; i < n; i++) {
                CountingLeg leg = new CountingLeg();
                CallLegListener l = gateway.sessions.open(
                        new CallSetup("load-" + i, CallSetup.Transport.SIP, null, null, null, null), leg);
                synchronized (listeners) {
                    listeners.add(l);
                    phases.add(new int[] {ThreadLocalRandom.current().nextInt(loopFrames)});
                    sessions.add(gateway.sessions.find("load-" + i).orElseThrow());
                }
                Thread.sleep(Long.getLong("probe.openEveryMs", 20)); // 50 new calls a second by default
            }
            Thread.sleep(5000);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long late0 = gateway.sessions.clock().lateTicks();
            long skip0 = gateway.sessions.clock().skippedTicks();
            long ticks0 = gateway.sessions.clock().ticks();
            long out0 = sessions.stream().mapToLong(s -> s.stats().framesOut()).sum();
            Thread.sleep(seconds * 1000L);
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            long out = sessions.stream().mapToLong(s -> s.stats().framesOut()).sum() - out0;
            long ready = sessions.stream()
                    .filter(s -> s.assistant().state().name().equals("READY"))
                    .count();
            System.out.printf(
                    "calls %d (ready %d), %d s: gateway CPU %.2f cores (%.2f ms CPU per call-second); "
                            + "ticks %d, late %d, skipped %d; assistant frames out %d; dropped in %d out %d; barge-ins %d%n",
                    n,
                    ready,
                    seconds,
                    (double) cpu / wall,
                    cpu / 1e6 / n / (wall / 1e9),
                    gateway.sessions.clock().ticks() - ticks0,
                    gateway.sessions.clock().lateTicks() - late0,
                    gateway.sessions.clock().skippedTicks() - skip0,
                    out,
                    sessions.stream().mapToLong(s -> s.stats().droppedIn()).sum(),
                    sessions.stream().mapToLong(s -> s.stats().droppedOut()).sum(),
                    sessions.stream().mapToLong(s -> s.stats().bargeIns()).sum());
            feeder.shutdownNow();
        }
        System.exit(0);
    }
}
