package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A call leg that records everything the gateway does to it, in order, with the media-clock tick
 * each frame was sent on. It is our own interface (the transports implement it), not a mock of a
 * third-party system.
 */
public final class RecordingCallLeg implements CallLeg {

    public sealed interface Event {}

    public record Frame(byte[] bytes, long tick) implements Event {}

    public record Silence(long tick) implements Event {}

    public record Clear() implements Event {}

    public record Dtmf(String digits) implements Event {}

    public record HangUp(EndReason reason) implements Event {}

    private final AudioFormat format;
    private final LongSupplier tick;
    private final List<Event> events = new CopyOnWriteArrayList<>();

    public RecordingCallLeg(AudioFormat format, LongSupplier tick) {
        this.format = format;
        this.tick = tick;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void sendFrame(byte[] frame) {
        if (frame.length != format.frameBytes()) {
            throw new AssertionError("frame of " + frame.length + " bytes, expected " + format.frameBytes());
        }
        events.add(new Frame(frame.clone(), tick.getAsLong()));
    }

    @Override
    public void sendSilence() {
        events.add(new Silence(tick.getAsLong()));
    }

    @Override
    public void clearPlayback() {
        events.add(new Clear());
    }

    @Override
    public void sendDtmf(String digits) {
        events.add(new Dtmf(digits));
    }

    @Override
    public void hangUp(EndReason reason) {
        events.add(new HangUp(reason));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Frame> frames() {
        List<Frame> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Frame f) {
                out.add(f);
            }
        }
        return out;
    }

    public int frameCount() {
        return frames().size();
    }

    /** All frame bytes, concatenated, between event indexes [from, to). */
    public byte[] audio(int fromEvent, int toEvent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Event> all = events();
        for (int i = fromEvent; i < Math.min(toEvent, all.size()); i++) {
            if (all.get(i) instanceof Frame f) {
                out.writeBytes(f.bytes());
            }
        }
        return out.toByteArray();
    }

    public int indexOfFirst(Class<? extends Event> type) {
        List<Event> all = events();
        for (int i = 0; i < all.size(); i++) {
            if (type.isInstance(all.get(i))) {
                return i;
            }
        }
        return -1;
    }

    public long count(Class<? extends Event> type) {
        return events.stream().filter(type::isInstance).count();
    }

    public EndReason hangUpReason() {
        for (Event e : events) {
            if (e instanceof HangUp h) {
                return h.reason();
            }
        }
        return null;
    }

    /** Waits (guard only, never a measurement) until {@code condition} holds. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
