package dev.voicebridge.gateway.websocket;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts caller audio into the 20 ms frames a call session expects. Sources send chunks of any size
 * (Twilio: 20 ms, others: 10-100 ms); leftovers wait for the next chunk.
 */
final class FrameAssembler {

    private final byte[] frame;
    private int filled;

    FrameAssembler(int frameBytes) {
        this.frame = new byte[frameBytes];
    }

    void accept(byte[] chunk, Consumer<byte[]> frames) {
        int at = 0;
        while (at < chunk.length) {
            int n = Math.min(frame.length - filled, chunk.length - at);
            System.arraycopy(chunk, at, frame, filled, n);
            filled += n;
            at += n;
            if (filled == frame.length) {
                frames.accept(Arrays.copyOf(frame, frame.length));
                filled = 0;
            }
        }
    }
}
