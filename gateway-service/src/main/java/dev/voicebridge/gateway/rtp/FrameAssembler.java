package dev.voicebridge.gateway.rtp;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts the caller's G.711 payloads into the 20 ms frames the call session expects, whatever
 * packetisation the far end chose (10, 20, 30 ms...), and fills lost packets.
 *
 * <p>Concealment is deliberately simple: the first missing frame repeats the last good frame (hides a
 * single lost packet, the common case), later ones are silence. Lost audio is never invented for
 * more than {@link #MAX_CONCEALED_FRAMES}; a longer gap is a sender pause, not loss.
 */
final class FrameAssembler {

    static final int MAX_CONCEALED_FRAMES = 50;

    private final int frameBytes;
    private final byte silence;
    private final byte[] pending;
    private int pendingBytes;
    private byte[] lastFrame;
    private int lastPayloadBytes;

    FrameAssembler(int frameBytes, byte silence) {
        this.frameBytes = frameBytes;
        this.silence = silence;
        this.pending = new byte[frameBytes];
        this.lastPayloadBytes = frameBytes;
    }

    void audio(byte[] payload, Consumer<byte[]> out) {
        if (payload.length == 0) {
            return;
        }
        lastPayloadBytes = payload.length;
        int offset = 0;
        while (offset < payload.length) {
            int n = Math.min(frameBytes - pendingBytes, payload.length - offset);
            System.arraycopy(payload, offset, pending, pendingBytes, n);
            pendingBytes += n;
            offset += n;
            if (pendingBytes == frameBytes) {
                lastFrame = pending.clone();
                pendingBytes = 0;
                out.accept(lastFrame);
            }
        }
    }

    /** Fills {@code packets} lost packets, each assumed as long as the last one received. */
    void conceal(int packets, Consumer<byte[]> out) {
        long bytes = (long) packets * lastPayloadBytes;
        int frames = (int) Math.min(MAX_CONCEALED_FRAMES, (bytes + pendingBytes) / frameBytes);
        for (int i = 0; i < frames; i++) {
            byte[] frame;
            if (i == 0 && lastFrame != null && pendingBytes == 0) {
                frame = lastFrame.clone();
            } else {
                frame = new byte[frameBytes];
                System.arraycopy(pending, 0, frame, 0, pendingBytes);
                Arrays.fill(frame, pendingBytes, frameBytes, silence);
                pendingBytes = 0;
            }
            out.accept(frame);
        }
    }
}
