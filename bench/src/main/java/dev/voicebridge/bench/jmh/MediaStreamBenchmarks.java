package dev.voicebridge.bench.jmh;

import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.websocket.MediaMessage;
import dev.voicebridge.gateway.websocket.MediaMessageCodec;
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

/**
 * The WebSocket leg's per-frame work on its real codec: one Twilio-style {@code media} message in
 * (50 a second per call) to the caller's 20 ms frame, and one 20 ms frame of model audio to the
 * {@code media} message sent back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public class MediaStreamBenchmarks {

    private static final String STREAM_SID = "MZ18ad3ab5a668481ce02b83e7395059f0";

    private byte[] frame;
    private String mediaMessage;
    private MediaMessageCodec.StreamWriter writer;

    @Setup(Level.Trial)
    public void setUp() {
        writer = new MediaMessageCodec.StreamWriter(STREAM_SID); // one per stream, as the WebSocket leg holds it
        frame = new byte[160];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = G711.linearToUlaw((int) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0)));
        }
        // The shape Twilio documents (numbers as strings, streamSid last), as the bench's callers send it.
        mediaMessage = "{\"event\":\"media\",\"sequenceNumber\":\"42\",\"media\":{\"track\":\"inbound\","
                + "\"chunk\":\"41\",\"timestamp\":\"820\",\"payload\":\""
                + Base64.getEncoder().encodeToString(frame)
                + "\"},\"streamSid\":\"" + STREAM_SID + "\"}";
    }

    /** A caller's media message in, its decoded 20 ms frame out. */
    @Benchmark
    public byte[] mediaMessageToFrame() {
        return ((MediaMessage.Media) MediaMessageCodec.read(mediaMessage)).payload();
    }

    /** A 20 ms frame of model audio in, the media message for the caller out. */
    @Benchmark
    public String frameToMediaMessage() {
        return writer.media(frame);
    }
}
