package dev.voicebridge.gateway.audio;

/**
 * Converts one call's audio between the leg's format and the format the Realtime session speaks.
 * G.711 to the same G.711 is a passthrough (the default: no resampler on the hot path); anything
 * else goes through linear PCM and a stateful resampler per direction. One instance per call.
 */
public final class AudioTranscoder {

    private final AudioFormat leg;
    private final AzureAudioFormat azure;
    private final boolean passthrough;
    private final StreamingResampler up;
    private final StreamingResampler down;
    private int carry = -1; // a dangling low byte of an odd-length PCM16 delta

    public AudioTranscoder(AudioFormat leg, AzureAudioFormat azure) {
        this.leg = leg;
        this.azure = azure;
        this.passthrough = (leg.encoding() == AudioFormat.Encoding.PCMU && azure == AzureAudioFormat.PCMU)
                || (leg.encoding() == AudioFormat.Encoding.PCMA && azure == AzureAudioFormat.PCMA)
                || (leg.encoding() == AudioFormat.Encoding.L16
                        && leg.sampleRate() == 24000
                        && azure == AzureAudioFormat.PCM16_24K);
        if (!passthrough && azure != AzureAudioFormat.PCM16_24K) {
            throw new IllegalArgumentException(
                    "cannot carry a " + leg + " leg over " + azure + "; use PCM16 24 kHz for this leg");
        }
        this.up = passthrough ? null : new StreamingResampler(leg.sampleRate(), 24000);
        this.down = passthrough ? null : new StreamingResampler(24000, leg.sampleRate());
    }

    /** The Realtime format a leg is carried over: G.711 passes through unless PCM16 is asked for. */
    public static AzureAudioFormat azureFormatFor(AudioFormat leg, boolean preferPcm16) {
        if (preferPcm16) {
            return AzureAudioFormat.PCM16_24K;
        }
        return switch (leg.encoding()) {
            case PCMU -> AzureAudioFormat.PCMU;
            case PCMA -> AzureAudioFormat.PCMA;
            case L16 -> AzureAudioFormat.PCM16_24K;
        };
    }

    public AzureAudioFormat azureFormat() {
        return azure;
    }

    public boolean passthrough() {
        return passthrough;
    }

    /** One caller frame in the leg's format to Realtime input bytes. */
    public byte[] toAzure(byte[] frame) {
        if (passthrough) {
            return frame;
        }
        return LinearPcm.toLittleEndian(up.process(LinearPcm.decode(leg, frame)), null, 0);
    }

    /** Realtime output bytes to leg-format bytes (any length; the caller cuts frames). */
    public byte[] toLeg(byte[] audio) {
        if (passthrough) {
            return audio;
        }
        return LinearPcm.encode(leg, down.process(fromLittleEndian(audio)));
    }

    private short[] fromLittleEndian(byte[] audio) {
        int start = 0;
        int total = audio.length + (carry >= 0 ? 1 : 0);
        short[] s = new short[total / 2];
        int n = 0;
        if (carry >= 0 && audio.length > 0) {
            s[n++] = (short) ((carry & 0xFF) | (audio[0] << 8));
            start = 1;
            carry = -1;
        }
        for (int i = start; i + 1 < audio.length; i += 2) {
            s[n++] = (short) ((audio[i] & 0xFF) | (audio[i + 1] << 8));
        }
        if ((audio.length - start) % 2 == 1) {
            carry = audio[audio.length - 1] & 0xFF;
        }
        return n == s.length ? s : java.util.Arrays.copyOf(s, n);
    }
}
