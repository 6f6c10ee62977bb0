package dev.voicebridge.bench.jmh;

import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.audio.StreamingResampler;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The parts of the hot path on their own: base64 of one frame, G.711, and the stateful resampler. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public class CodecBenchmarks {

    private byte[] frame;
    private String base64Frame;
    private short[] pcm8k;
    private short[] pcm24k;
    private StreamingResampler up;
    private StreamingResampler down;

    @Setup(Level.Trial)
    public void setUp() {
        frame = new byte[160];
        pcm8k = new short[160];
        for (int i = 0; i < frame.length; i++) {
            pcm8k[i] = (short) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0));
            frame[i] = G711.linearToUlaw(pcm8k[i]);
        }
        pcm24k = new short[480];
        for (int i = 0; i < pcm24k.length; i++) {
            pcm24k[i] = (short) (8000 * Math.sin(2 * Math.PI * 400 * i / 24000.0));
        }
        base64Frame = Base64.getEncoder().encodeToString(frame);
        up = new StreamingResampler(8000, 24000);
        down = new StreamingResampler(24000, 8000);
    }

    @Benchmark
    public String base64EncodeFrame() {
        return Base64.getEncoder().encodeToString(frame);
    }

    @Benchmark
    public byte[] base64DecodeFrame() {
        return Base64.getDecoder().decode(base64Frame);
    }

    /** µ-law to linear and back for one frame (what PCM16 mode adds besides the resampler). */
    @Benchmark
    public byte[] g711RoundTripFrame() {
        byte[] out = new byte[frame.length];
        for (int i = 0; i < frame.length; i++) {
            out[i] = G711.linearToUlaw(G711.ulawToLinear(frame[i]));
        }
        return out;
    }

    /** The resampler, caller direction: one 20 ms frame 8 kHz -> 24 kHz. */
    @Benchmark
    public short[] resample8kTo24k() {
        return up.process(pcm8k);
    }

    /** The resampler, model direction: 20 ms 24 kHz -> 8 kHz. */
    @Benchmark
    public short[] resample24kTo8k() {
        return down.process(pcm24k);
    }
}
