package dev.voicebridge.bench.run;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one run measured; written as a table row and as JSON. Latencies are milliseconds.
 *
 * @param upLatency      caller frame sent -> its append arrives at Azure's side
 * @param echo           when the simulator echoes: VAD (after each utterance) or IMMEDIATE (each append at once)
 * @param downLatency    Azure sends a delta -> the caller hears the frame carrying it
 * @param roundTrip      the caller sends a frame -> the caller hears that frame echoed (per stamp: heard
 *                       time minus the send time in the stamp); the gateway's round trip with
 *                       IMMEDIATE echo, and the utterance plus the VAD's silence on top with VAD
 * @param downJitter     how far the gap before each heard frame is from 20 ms (within a burst)
 * @param upLate         caller frames that took 20 ms or more to reach Azure
 * @param downLate       heard frames whose gap was 40 ms or more (20 ms or more of jitter)
 * @param setup          connect (or INVITE) -> the first caller frame reaches Azure
 * @param firstAudio     the call answered (SIP 200 OK, WebSocket connected) -> the caller hears the
 *                       first model audio (the greeting)
 * @param gatewayCpuSecondsPerCallMinute gateway process CPU over the steady window, per call-minute
 *                       (NaN on the baseline, which has no gateway)
 * @param harnessCpuSecondsPerCallMinute the bench JVM's own CPU (callers, tap, simulator) over the same
 *                       window from {@code /proc/self/stat}, per call-minute: what measuring costs
 * @param harnessKernelShare the part of that spent in the kernel (0..1)
 * @param heapKbPerCall  the gateway's live heap after a full GC with all calls up, less the idle
 *                       heap, per call
 * @param rssKbPerCall   the gateway's RSS with all calls up less its idle RSS, per call
 */
public record RunResult(
        String transport,
        String azurePace,
        String echo,
        int calls,
        int durationSeconds,
        long callsStarted,
        long callsSetUp,
        long callsCompleted,
        long callsLost,
        long upSent,
        long upSeen,
        long upLost,
        long upLate,
        long downHeard,
        long downStamped,
        long downLost,
        long downFlushedByBargeIn,
        long downLate,
        long clears,
        Latency upLatency,
        Latency downLatency,
        Latency roundTrip,
        Latency downJitter,
        Latency setup,
        Latency firstAudio,
        double gatewayCpuSecondsPerCallMinute,
        double harnessCpuSecondsPerCallMinute,
        double harnessKernelShare,
        long heapKbPerCall,
        long rssKbPerCall,
        long gatewayIdleHeapKb,
        long gatewayIdleRssKb,
        List<String> failures) {

    /** A latency distribution in milliseconds. */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max) {
        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latency(
                    micros.getTotalCount(),
                    ms(micros.getValueAtPercentile(50)),
                    ms(micros.getValueAtPercentile(90)),
                    ms(micros.getValueAtPercentile(99)),
                    ms(micros.getValueAtPercentile(99.9)),
                    ms(micros.getMaxValue()));
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    /**
     * Whether the run held: every call completed, no frame lost either way, and p99 uplink latency and
     * p99 downlink jitter within {@code boundMs}.
     */
    public boolean held(double boundMs) {
        return lostNothing() && upLatency.p99() <= boundMs && (downJitter.count() == 0 || downJitter.p99() <= boundMs);
    }

    /**
     * Whether the run held with the gateway's own share of the latency within {@code boundMs}: nothing
     * lost, and p99 uplink latency and p99 playout jitter no more than {@code boundMs} above those of
     * {@code baseline}, the same calls without a gateway in the same step (what the harness and the host
     * add either way is taken out).
     */
    public boolean heldAdded(RunResult baseline, double boundMs) {
        return lostNothing()
                && addedUpP99(baseline) <= boundMs
                && (downJitter.count() == 0 || addedJitterP99(baseline) <= boundMs);
    }

    /** p99 uplink latency above the baseline's, in ms. */
    public double addedUpP99(RunResult baseline) {
        return upLatency.p99() - baseline.upLatency.p99();
    }

    /** p99 playout jitter above the baseline's, in ms (0 when the baseline heard none). */
    public double addedJitterP99(RunResult baseline) {
        return downJitter.p99() - (baseline.downJitter.count() == 0 ? 0 : baseline.downJitter.p99());
    }

    private boolean lostNothing() {
        return callsLost == 0 && callsCompleted == calls && upLost == 0 && downLost == 0 && upLatency.count() > 0;
    }
}
