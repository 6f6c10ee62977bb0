package dev.voicebridge.bench.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Everything one load run measures, written by many threads (callers' event loops, the Azure tap) and
 * read by the progress printer. Latencies are microseconds in HdrHistogram recorders; a progress tick
 * swaps each recorder's interval histogram out and adds it to the run's total, so the printed
 * interval p99 and the final p99 come from the same samples.
 */
public final class Metrics {

    private static final long MAX_MICROS = 60_000_000L;

    public final Series up = new Series();
    public final Series down = new Series();
    /** Caller stamps a frame -> the caller hears that frame echoed: the whole loop, both legs and Azure. */
    public final Series roundTrip = new Series();

    public final Series jitter = new Series();
    public final Series setup = new Series();
    /** The call answered (SIP 200 OK, WebSocket connected) -> the caller hears the first model audio. */
    public final Series firstAudio = new Series();

    public final LongAdder upSent = new LongAdder();
    public final LongAdder upSeen = new LongAdder();
    public final LongAdder upLate = new LongAdder();
    public final LongAdder downFrames = new LongAdder();
    public final LongAdder downStamped = new LongAdder();
    public final LongAdder downLate = new LongAdder();
    public final LongAdder callsStarted = new LongAdder();
    public final LongAdder callsSetUp = new LongAdder();
    public final LongAdder callsCompleted = new LongAdder();
    public final LongAdder callsLost = new LongAdder();
    public final LongAdder clears = new LongAdder();
    public final LongAdder live = new LongAdder();

    /** Off while a heap probe runs a full GC in the gateway, so its pause is not counted as latency. */
    private volatile boolean recording = true;

    private final long lateMicros;

    public Metrics(long lateMicros) {
        this.lateMicros = lateMicros;
    }

    public void recording(boolean on) {
        recording = on;
    }

    public boolean recording() {
        return recording;
    }

    public void upLatency(long micros) {
        if (recording) {
            up.record(micros);
            if (micros > lateMicros) {
                upLate.increment();
            }
        }
    }

    /**
     * The caller heard an echoed frame for the first time: downlink from when the tap saw it leave
     * Azure, round trip from the send time in its own stamp.
     */
    public void echoHeard(long sentMicros, long leftAzureMicros, long heardMicros) {
        downStamped.increment();
        if (recording) {
            down.record(heardMicros - leftAzureMicros);
            roundTrip.record(heardMicros - sentMicros);
        }
    }

    /** A frame's playout jitter; more than a frame period means the caller's audio had a gap. */
    public void jitter(long micros) {
        if (recording) {
            jitter.record(micros);
            if (micros >= lateMicros) {
                downLate.increment();
            }
        }
    }

    /** Swaps every interval out into the totals; returns nothing, read the series' {@code interval()}. */
    public void roll() {
        up.roll();
        down.roll();
        roundTrip.roll();
        jitter.roll();
        setup.roll();
        firstAudio.roll();
    }

    /** One latency series: a recorder for intervals, a total for the run. */
    public static final class Series {
        private final Recorder recorder = new Recorder(MAX_MICROS, 3);
        private final Histogram total = new Histogram(MAX_MICROS, 3);
        private Histogram interval = new Histogram(MAX_MICROS, 3);

        public void record(long micros) {
            recorder.recordValue(Math.max(0, Math.min(MAX_MICROS, micros)));
        }

        synchronized void roll() {
            interval = recorder.getIntervalHistogram();
            total.add(interval);
        }

        public synchronized Histogram interval() {
            return interval.copy();
        }

        public synchronized Histogram total() {
            return total.copy();
        }
    }
}
