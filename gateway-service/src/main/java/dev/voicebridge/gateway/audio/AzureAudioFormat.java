package dev.voicebridge.gateway.audio;

/**
 * The audio formats the Realtime API accepts, named once here; each protocol spells them its own
 * way on the wire (GA objects, preview strings).
 */
public enum AzureAudioFormat {
    /** G.711 µ-law, 8 kHz: telephony passthrough, no resampling. */
    PCMU(8),
    /** G.711 A-law, 8 kHz. */
    PCMA(8),
    /** Linear PCM, 16-bit little-endian mono at 24 kHz. */
    PCM16_24K(48);

    private final int bytesPerMilli;

    AzureAudioFormat(int bytesPerMilli) {
        this.bytesPerMilli = bytesPerMilli;
    }

    /** Milliseconds of audio in {@code bytes} of this format: what truncate offsets are made of. */
    public long millisOf(long bytes) {
        return bytes / bytesPerMilli;
    }

    /** Bytes of {@code millis} of audio in this format. */
    public long bytesOf(long millis) {
        return millis * bytesPerMilli;
    }
}
