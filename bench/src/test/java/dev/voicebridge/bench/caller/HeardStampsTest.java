package dev.voicebridge.bench.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Round trip is read from the stamps a caller hears: the time it hears its own frame back minus the
 * send time the frame carries, once per frame, whatever cuts the echo went through.
 */
class HeardStampsTest {

    private static final int CALL = 7;

    @Test
    void shouldComputeRoundTripAndDownlinkPerEchoedStampFromItsSendTime() {
        // Given three frames the caller stamped at 1, 21 and 41 ms, the first two seen leaving Azure at 30 and 45 ms
        CallBook book = new CallBook();
        Metrics metrics = new Metrics(20_000);
        HeardStamps heard = new HeardStamps(CALL, book, metrics);
        byte[] echo = concat(
                CallScript.frame(true, CALL, 0, 1_000),
                CallScript.frame(true, CALL, 1, 21_000),
                CallScript.frame(true, CALL, 2, 41_000));
        book.sentDown(0, 30_000);
        book.sentDown(1, 45_000);

        // When the caller hears them in two chunks cut through frame 1's stamp, at 50 and 80 ms,
        // then hears frame 0 again and a frame of another call
        int cut = CallScript.FRAME_BYTES + 10;
        heard.accept(echo, 0, cut, 50_000);
        heard.accept(echo, cut, echo.length - cut, 80_000);
        heard.accept(CallScript.frame(true, CALL, 0, 1_000), 0, CallScript.FRAME_BYTES, 90_000);
        heard.accept(CallScript.frame(true, CALL + 1, 5, 1_000), 0, CallScript.FRAME_BYTES, 90_000);
        metrics.roll();

        // Then frame 0 took 49 ms round trip (20 ms of it downlink) and frame 1, completed in the
        // second chunk, 59 ms (35 ms downlink)
        Histogram roundTrip = metrics.roundTrip.total();
        Histogram down = metrics.down.total();
        assertThat(roundTrip.getTotalCount()).isEqualTo(2);
        assertThat(roundTrip.getMinValue()).isCloseTo(49_000, within(64L));
        assertThat(roundTrip.getMaxValue()).isCloseTo(59_000, within(64L));
        assertThat(down.getMinValue()).isCloseTo(20_000, within(32L));
        assertThat(down.getMaxValue()).isCloseTo(35_000, within(64L));
        // And frame 2 (never seen leaving Azure), the repeat and the other call's frame gave no sample
        assertThat(metrics.downStamped.sum()).isEqualTo(2);
    }

    @Test
    void shouldLeaveRoundTripOutWhileAHeapProbeHasRecordingOff() {
        // Given recording paused (a full GC in the gateway is not its latency)
        CallBook book = new CallBook();
        Metrics metrics = new Metrics(20_000);
        HeardStamps heard = new HeardStamps(CALL, book, metrics);
        book.sentDown(0, 30_000);
        metrics.recording(false);

        // When the caller hears the echo of its frame
        heard.accept(CallScript.frame(true, CALL, 0, 1_000), 0, CallScript.FRAME_BYTES, 50_000);
        metrics.roll();

        // Then the frame counts as heard, but no latency sample is taken
        assertThat(metrics.downStamped.sum()).isEqualTo(1);
        assertThat(metrics.roundTrip.total().getTotalCount()).isZero();
        assertThat(metrics.down.total().getTotalCount()).isZero();
    }

    private static byte[] concat(byte[]... frames) {
        byte[] out = new byte[0];
        for (byte[] f : frames) {
            int at = out.length;
            out = Arrays.copyOf(out, at + f.length);
            System.arraycopy(f, 0, out, at, f.length);
        }
        return out;
    }
}
