package dev.voicebridge.gateway.audio;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a leg's caller audio into the 20 ms frames the call session expects, whatever size the far
 * end sends (RTP packetisation of 10, 20, 30 ms...; WebSocket chunks of 10-100 ms), keeping
 * leftovers for the next chunk, and fills lost RTP packets. One per leg, used by the thread that
 * owns that leg's input (its event loop).
 *
 * <p>Concealment is deliberately simple: the first missing frame repeats the last good frame (hides a
 * single lost packet, the common case), later ones are silence. Lost audio is never invented for
 * more than {@link #MAX_CONCEALED_FRAMES}; a longer gap is a sender pause, not loss.
 */
public final class FrameAssembler {

    public static final int MAX_CONCEALED_FRAMES = 50;

    private final int frameBytes;
    private final byte silence;
    private final byte[] pending;
    private int pendingBytes;
    private byte[] lastFrame;
    private int lastPayloadBytes;

    public FrameAssembler(AudioFormat format) {
        this.frameBytes = format.frameBytes();
        this.silence = format.silenceByte();
        this.pending = new byte[frameBytes];
        this.lastPayloadBytes = frameBytes;
    }

    public void audio(byte[] payload, Consumer<byte[]> out) {
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
    public void conceal(int packets, Consumer<byte[]> out) {
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
