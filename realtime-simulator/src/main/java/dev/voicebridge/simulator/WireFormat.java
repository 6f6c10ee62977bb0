package dev.voicebridge.simulator;

/**
 * The three audio formats Azure Realtime accepts, with their names on each protocol. Converts to and
 * from linear samples so the VAD and the echo work on any of them.
 */
public enum WireFormat {
    PCMU("audio/pcmu", "g711_ulaw", 8000, 1),
    PCMA("audio/pcma", "g711_alaw", 8000, 1),
    PCM16("audio/pcm", "pcm16", 24000, 2);

    private final String gaType;
    private final String previewName;
    private final int sampleRate;
    private final int bytesPerSample;

    WireFormat(String gaType, String previewName, int sampleRate, int bytesPerSample) {
        this.gaType = gaType;
        this.previewName = previewName;
        this.sampleRate = sampleRate;
        this.bytesPerSample = bytesPerSample;
    }

    public String gaType() {
        return gaType;
    }

    public String previewName() {
        return previewName;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int bytesPerMilli() {
        return sampleRate / 1000 * bytesPerSample;
    }

    public long millisOf(long bytes) {
        return bytes / bytesPerMilli();
    }

    static WireFormat fromGaType(String type) {
        for (WireFormat f : values()) {
            if (f.gaType.equals(type)) {
                return f;
            }
        }
        return null;
    }

    static WireFormat fromPreviewName(String name) {
        for (WireFormat f : values()) {
            if (f.previewName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    short[] decode(byte[] bytes) {
        int n = samples(bytes);
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = sample(bytes, i);
        }
        return out;
    }

    /** How many whole samples {@code bytes} holds. */
    int samples(byte[] bytes) {
        return bytes.length / bytesPerSample;
    }

    /** Sample {@code i} of {@code bytes} as linear PCM, without decoding the rest. */
    short sample(byte[] bytes, int i) {
        return switch (this) {
            case PCMU -> G711.ulawToLinear(bytes[i]);
            case PCMA -> G711.alawToLinear(bytes[i]);
            case PCM16 -> (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
        };
    }

    byte[] encode(short[] samples) {
        byte[] out = new byte[samples.length * bytesPerSample];
        for (int i = 0; i < samples.length; i++) {
            switch (this) {
                case PCMU -> out[i] = G711.linearToUlaw(samples[i]);
                case PCMA -> out[i] = G711.linearToAlaw(samples[i]);
                case PCM16 -> {
                    out[2 * i] = (byte) samples[i];
                    out[2 * i + 1] = (byte) (samples[i] >> 8);
                }
            }
        }
        return out;
    }

    /** Re-encodes {@code bytes} of {@code from} into this format (8 kHz <-> 24 kHz by 3x repeat or pick). */
    byte[] convertFrom(WireFormat from, byte[] bytes) {
        if (from == this) {
            return bytes;
        }
        short[] samples = from.decode(bytes);
        if (from.sampleRate != sampleRate) {
            samples = resample(samples, from.sampleRate, sampleRate);
        }
        return encode(samples);
    }

    private static short[] resample(short[] in, int fromRate, int toRate) {
        int outLength = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[outLength];
        for (int i = 0; i < outLength; i++) {
            out[i] = in[(int) ((long) i * fromRate / toRate)];
        }
        return out;
    }
}
