package dev.voicebridge.bench.audio;

/**
 * A timestamp carried inside the audio itself, so latency can be measured wherever the bytes show up:
 * the gateway carries G.711 µ-law to Azure unchanged (passthrough) and the simulator echoes the
 * caller's utterances back byte for byte, so a stamp written by the caller is read again at the Azure
 * side of the gateway and, echoed, at the caller's side.
 *
 * <p>Layout, at the start of every 160-byte frame the caller sends: four sync bytes, then call index
 * (5 nibbles), frame sequence (6 nibbles), send time in microseconds since the run's epoch (10
 * nibbles) and a checksum (2 nibbles). Each nibble is one µ-law byte {@code 0xF0 | n}: a sample of at
 * most ±120 of 32768 (below -48 dBFS), so a stamped silent frame stays below any VAD threshold and a
 * stamped speech frame still reads as speech. The echo may start anywhere in a frame, so readers
 * scan for the sync bytes rather than trusting frame boundaries; the checksum rejects chance matches.
 */
public final class Stamp {

    public static final int LENGTH = 27;
    private static final byte[] SYNC = {(byte) 0x7A, (byte) 0x75, (byte) 0x7A, (byte) 0x75};
    private static final int CALL_NIBBLES = 5;
    private static final int SEQ_NIBBLES = 6;
    private static final int TIME_NIBBLES = 10;
    public static final int MAX_CALLS = 1 << (4 * CALL_NIBBLES);

    /** A stamp read back. */
    public record Value(int call, int seq, long sentMicros) {}

    /** Receives each stamp a scan finds. */
    @FunctionalInterface
    public interface Sink {
        void found(int call, int seq, long sentMicros);
    }

    private Stamp() {}

    /** Writes a stamp at {@code at}; {@code LENGTH} bytes. */
    public static void write(byte[] frame, int at, int call, int seq, long sentMicros) {
        System.arraycopy(SYNC, 0, frame, at, SYNC.length);
        int p = at + SYNC.length;
        int sum = 0;
        p = nibbles(frame, p, call, CALL_NIBBLES);
        p = nibbles(frame, p, seq, SEQ_NIBBLES);
        p = nibbles(frame, p, sentMicros, TIME_NIBBLES);
        for (int i = at + SYNC.length; i < p; i++) {
            sum += frame[i] & 0x0F;
        }
        nibbles(frame, p, sum & 0xFF, 2);
    }

    private static int nibbles(byte[] out, int p, long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            out[p++] = (byte) (0xF0 | ((value >>> (4 * i)) & 0x0F));
        }
        return p;
    }

    /**
     * Finds every complete stamp in {@code data[from, to)} and returns the offset from which the next
     * scan must start so that a stamp cut off at the end is found once its rest arrives.
     */
    public static int scan(byte[] data, int from, int to, Sink sink) {
        int i = from;
        int last = to - LENGTH;
        while (i <= last) {
            if (data[i] == SYNC[0]
                    && data[i + 1] == SYNC[1]
                    && data[i + 2] == SYNC[2]
                    && data[i + 3] == SYNC[3]
                    && decode(data, i, sink)) {
                i += LENGTH;
            } else {
                i++;
            }
        }
        return Math.max(i, from);
    }

    /** The one stamp in {@code data}, or null. */
    public static Value read(byte[] data) {
        Value[] found = new Value[1];
        scan(data, 0, data.length, (c, s, t) -> found[0] = new Value(c, s, t));
        return found[0];
    }

    private static boolean decode(byte[] d, int at, Sink sink) {
        int p = at + SYNC.length;
        long call = 0;
        long seq = 0;
        long time = 0;
        int sum = 0;
        for (int i = 0; i < CALL_NIBBLES + SEQ_NIBBLES + TIME_NIBBLES; i++) {
            int b = d[p + i] & 0xFF;
            if ((b & 0xF0) != 0xF0) {
                return false;
            }
            int n = b & 0x0F;
            sum += n;
            if (i < CALL_NIBBLES) {
                call = call << 4 | n;
            } else if (i < CALL_NIBBLES + SEQ_NIBBLES) {
                seq = seq << 4 | n;
            } else {
                time = time << 4 | n;
            }
        }
        p += CALL_NIBBLES + SEQ_NIBBLES + TIME_NIBBLES;
        int hi = d[p] & 0xFF;
        int lo = d[p + 1] & 0xFF;
        if ((hi & 0xF0) != 0xF0 || (lo & 0xF0) != 0xF0 || (((hi & 0x0F) << 4) | (lo & 0x0F)) != (sum & 0xFF)) {
            return false;
        }
        sink.found((int) call, (int) seq, time);
        return true;
    }
}
