package dev.voicebridge.bench.jmh;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.AudioTranscoder;
import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.RealtimeProtocol;
import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import dev.voicebridge.gateway.realtime.protocol.ServerEventParser;
import dev.voicebridge.gateway.rtp.RtpPacket;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's per-frame work, measured on its real classes: what one caller frame costs on its way
 * to Azure, what one Azure audio delta costs on its way to RTP, and the parts (base64, JSON, the
 * resampler, in {@link CodecBenchmarks}). Per frame, so the figures multiply directly: 1,000 calls are 50,000 frames a second
 * each way. Run: {@code ./mvnw -B -q -pl bench validate exec:exec -Dbench.args="jmh"}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public class HotPathBenchmarks {

    /** G.711 passthrough (the default) or PCM16 24 kHz (resampled both ways). */
    @Param({"PASSTHROUGH", "PCM16"})
    public String audio;

    private AudioTranscoder transcoder;
    private ServerEventParser parser;
    private byte[] frame;
    private String deltaEvent;
    private String speechStartedEvent;
    private int rtpSeq;

    @Setup(Level.Trial)
    public void setUp() {
        boolean pcm16 = audio.equals("PCM16");
        AzureAudioFormat azure = pcm16 ? AzureAudioFormat.PCM16_24K : AzureAudioFormat.PCMU;
        transcoder = new AudioTranscoder(AudioFormat.PCMU, azure);
        parser = new ServerEventParser(RealtimeProtocol.forApiVersion(null));
        frame = new byte[160];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = G711.linearToUlaw((int) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0)));
        }
        // 100 ms of model audio in Azure's format, as one GA delta event (the simulator's shape).
        byte[] delta = new byte[pcm16 ? 4800 : 800];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = pcm16 ? (byte) (i * 7) : frame[i % 160];
        }
        deltaEvent = "{\"event_id\":\"event_1_42\",\"type\":\"response.output_audio.delta\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\""
                + Base64.getEncoder().encodeToString(delta) + "\"}";
        speechStartedEvent = "{\"event_id\":\"event_1_7\",\"type\":\"input_audio_buffer.speech_started\","
                + "\"audio_start_ms\":1280,\"item_id\":\"item_2\"}";
    }

    /** A caller frame in, the input_audio_buffer.append text out (transcode, base64, JSON). */
    @Benchmark
    public String frameToAzureJson() {
        byte[] azure = transcoder.toAzure(frame);
        return ClientEvents.append(azure, azure.length);
    }

    /** An Azure delta (100 ms) in, five RTP packets out (parse and base64, transcode, frame, packetize). */
    @Benchmark
    public void azureDeltaToRtp(Blackhole bh) {
        ServerEvent.AudioDelta event = (ServerEvent.AudioDelta) parser.parse(deltaEvent);
        byte[] leg = transcoder.toLeg(event.audio()); // decoded by the parser, as the call session gets it
        for (int off = 0; off + 160 <= leg.length; off += 160) {
            byte[] payload = java.util.Arrays.copyOfRange(leg, off, off + 160);
            bh.consume(new RtpPacket(0, false, rtpSeq++ & 0xFFFF, rtpSeq * 160L, 0x1234_5678L, payload).encode());
        }
    }

    /** Parsing the server event that starts a barge-in. */
    @Benchmark
    public ServerEvent parseSpeechStarted() {
        return parser.parse(speechStartedEvent);
    }

    /** JSON alone: parsing one 100 ms audio delta event. */
    @Benchmark
    public ServerEvent parseAudioDelta() {
        return parser.parse(deltaEvent);
    }
}
