package dev.voicebridge.bench.jmh;

import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import dev.voicebridge.gateway.rtp.srtp.SrtpTransform;
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
 * What SRTP adds per packet on an encrypted call, with the gateway's own transforms
 * (AES_CM_128_HMAC_SHA1_80, as SDES with a Voice Connector negotiates it): one 20 ms PCMU packet (12-byte
 * header, 160 bytes of µ-law) protected, as the gateway does 50 times a second per call for what it
 * sends, and protected then unprotected by the receiving side, as it does 50 times a second for what
 * the caller sends. Each operation takes the next sequence number, so the replay window accepts it
 * and the rollover counter advances across the 16-bit wrap as on a long call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@State(Scope.Thread)
public class SrtpBenchmarks {

    private static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;

    private byte[] packet;
    private SrtpTransform sender;
    private SrtpTransform receiver;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        MasterKey key = MasterKey.generate();
        sender = new SrtpTransform(SUITE, key);
        receiver = new SrtpTransform(SUITE, key);
        packet = new byte[12 + 160];
        packet[0] = (byte) 0x80; // V=2, PT 0 (PCMU)
        packet[8] = 0x12;
        packet[9] = 0x34;
        packet[10] = 0x56;
        packet[11] = 0x78;
        for (int i = 0; i < 160; i++) {
            packet[12 + i] = G711.linearToUlaw((int) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0)));
        }
    }

    private void next() {
        seq++;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        int timestamp = seq * 160;
        packet[4] = (byte) (timestamp >>> 24);
        packet[5] = (byte) (timestamp >>> 16);
        packet[6] = (byte) (timestamp >>> 8);
        packet[7] = (byte) timestamp;
    }

    /** One RTP packet to SRTP: AES-CM over the payload and an HMAC-SHA1 tag (the gateway's outbound path). */
    @Benchmark
    public byte[] protect() {
        next();
        return sender.protect(packet, packet.length);
    }

    /**
     * One packet protected by the sender and unprotected by the receiver (tag check, replay window,
     * decryption): the unprotect that the gateway's inbound path does is this minus {@link #protect}.
     */
    @Benchmark
    public byte[] protectThenUnprotect() {
        next();
        byte[] srtp = sender.protect(packet, packet.length);
        return receiver.unprotect(srtp, srtp.length);
    }

    /** The plain copy of the packet both measure against: what an unencrypted call does instead. */
    @Benchmark
    public byte[] copyOnly() {
        next();
        return packet.clone();
    }
}
