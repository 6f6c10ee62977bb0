package dev.voicebridge.gateway.rtp;

import dev.voicebridge.gateway.call.AudioFormat;
import java.util.Arrays;

/** The byte that encodes linear zero in each G.711 law. */
final class G711Silence {

    private G711Silence() {}

    static byte of(AudioFormat.Encoding encoding) {
        return switch (encoding) {
            case PCMU -> (byte) 0xFF;
            case PCMA -> (byte) 0xD5;
            case L16 -> throw new IllegalArgumentException("RTP legs carry G.711 only, not L16");
        };
    }

    static byte[] frame(AudioFormat format) {
        byte[] frame = new byte[format.frameBytes()];
        Arrays.fill(frame, of(format.encoding()));
        return frame;
    }
}
