package dev.voicebridge.gateway.audio;

/**
 * The audio a call leg carries in both directions. Telephony legs are G.711 at 8 kHz; a WebSocket
 * source may also push linear PCM. Frames are always 20 ms: the media clock ticks at that rate.
 */
public record AudioFormat(Encoding encoding, int sampleRate) {

    public static final int FRAME_MILLIS = 20;
    public static final AudioFormat PCMU = new AudioFormat(Encoding.PCMU, 8000);
    public static final AudioFormat PCMA = new AudioFormat(Encoding.PCMA, 8000);

    public enum Encoding {
        /** G.711 µ-law, one byte a sample. */
        PCMU,
        /** G.711 A-law, one byte a sample. */
        PCMA,
        /** Signed 16-bit little-endian linear PCM. */
        L16
    }

    public AudioFormat {
        if (encoding == null) {
            throw new IllegalArgumentException("encoding must be set");
        }
        if (sampleRate != 8000 && sampleRate != 16000 && sampleRate != 24000) {
            throw new IllegalArgumentException("sampleRate " + sampleRate + " is not one of 8000, 16000, 24000");
        }
        if (encoding != Encoding.L16 && sampleRate != 8000) {
            throw new IllegalArgumentException(encoding + " is only defined at 8000 Hz, not " + sampleRate);
        }
    }

    public int bytesPerSample() {
        return encoding == Encoding.L16 ? 2 : 1;
    }

    /** Bytes in one 20 ms frame: 160 for G.711. */
    public int frameBytes() {
        return sampleRate / 1000 * FRAME_MILLIS * bytesPerSample();
    }

    /** The byte that encodes linear zero: the one definition every silence frame is filled with. */
    public byte silenceByte() {
        return switch (encoding) {
            case PCMU -> G711.ULAW_SILENCE;
            case PCMA -> G711.ALAW_SILENCE;
            case L16 -> 0;
        };
    }

    /** {@code bytes} of silence in this format. */
    public byte[] silence(int bytes) {
        byte[] out = new byte[bytes];
        java.util.Arrays.fill(out, silenceByte());
        return out;
    }

    /** Milliseconds of audio in {@code bytes} of this format. */
    public long millisOf(long bytes) {
        return bytes / ((long) sampleRate / 1000 * bytesPerSample());
    }
}
