package dev.voicebridge.gateway.call;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A caller who keeps talking in real time, as a phone line does: one 20 ms µ-law frame every 20 ms
 * from the moment it starts, voiced or quiet as the test says. Every frame carries its number in
 * its first four bytes (as near-silent µ-law codes), so what Azure received can be checked frame by
 * frame: every one, in order, none twice.
 *
 * <p>Threads: its own sender thread writes frames; the test thread switches voiced/quiet and reads.
 */
public final class PacedCaller implements AutoCloseable {

    public static final int FRAME_BYTES = 160;
    private static final byte[] VOICED = Speech.ulawVoiced(20);
    private static final byte[] QUIET = Speech.ulawSilence(20);

    private final Consumer<byte[]> transport;
    private final Thread sender;
    private volatile boolean voiced;
    private volatile boolean running = true;
    private volatile int sent;

    /** Starts talking at once: each frame goes to {@code transport} (a WebSocket message, an RTP packet). */
    public PacedCaller(Consumer<byte[]> transport, boolean voiced) {
        this.transport = transport;
        this.voiced = voiced;
        this.sender = Thread.ofPlatform().name("paced-caller").start(this::run);
    }

    private void run() {
        long next = System.nanoTime();
        for (int i = 0; running && i < 65536; i++) {
            transport.accept(frame(i, voiced));
            sent = i + 1;
            next += 20_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    public void voiced(boolean voiced) {
        this.voiced = voiced;
    }

    /** Frames sent so far. */
    public int sent() {
        return sent;
    }

    public static byte[] frame(int number, boolean voiced) {
        byte[] frame = Arrays.copyOf(voiced ? VOICED : QUIET, FRAME_BYTES);
        for (int n = 0; n < 4; n++) {
            frame[n] = (byte) (0xF0 | ((number >> (4 * (3 - n))) & 0x0F));
        }
        return frame;
    }

    /** The frame numbers in audio made of this caller's frames, in the order they appear. */
    public static List<Integer> numbers(byte[] audio) {
        List<Integer> numbers = new ArrayList<>();
        for (int at = 0; at + FRAME_BYTES <= audio.length; at += FRAME_BYTES) {
            int number = 0;
            for (int n = 0; n < 4; n++) {
                number = (number << 4) | (audio[at + n] & 0x0F);
            }
            numbers.add(number);
        }
        return numbers;
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
