package dev.voicebridge.bench.caller;

import dev.voicebridge.bench.audio.Stamp;
import dev.voicebridge.bench.audio.StreamScanner;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;

/**
 * The stamps in the audio one caller hears, turned into latency samples: for each echoed frame of
 * its own heard for the first time, downlink (since the tap saw it leave Azure) and round trip (since
 * the caller stamped it, the time carried in the stamp itself). A frame the tap never saw leave, or
 * one heard again, gives no sample; the book keeps that account.
 *
 * <p>Not thread-safe: one per call, used by whichever thread delivers that call's audio.
 */
final class HeardStamps {

    private final int call;
    private final CallBook book;
    private final Metrics metrics;
    private final StreamScanner scanner = new StreamScanner();
    private final Stamp.Sink sink = this::found;
    private long heardAt;

    HeardStamps(int call, CallBook book, Metrics metrics) {
        this.call = call;
        this.book = book;
        this.metrics = metrics;
    }

    /** Audio heard at {@code nowMicros} (on the {@code BenchClock}) in {@code audio[offset, offset + length)}. */
    void accept(byte[] audio, int offset, int length, long nowMicros) {
        heardAt = nowMicros;
        scanner.accept(audio, offset, length, sink);
    }

    /** Forgets a partial stamp: after a barge-in clear the audio restarts elsewhere. */
    void reset() {
        scanner.reset();
    }

    private void found(int c, int seq, long sentMicros) {
        if (c != call) {
            return;
        }
        long leftAzure = book.heardDown(seq);
        if (leftAzure >= 0) {
            metrics.echoHeard(sentMicros, leftAzure, heardAt);
        }
    }
}
