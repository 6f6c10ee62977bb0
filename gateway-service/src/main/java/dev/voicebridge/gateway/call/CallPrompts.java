package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.audio.StreamingResampler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The short spoken apology a caller hears when no assistant can be reached, so the call ends with
 * an explanation instead of dead air. Bundled as raw 8 kHz µ-law (made once with espeak-ng and sox,
 * see README-core.md) and converted to each leg's format.
 */
public final class ApologyPrompt {

    static final String RESOURCE = "/prompts/apology-8k.ulaw";
    private final byte[] ulaw;

    public ApologyPrompt() {
        try (InputStream in = ApologyPrompt.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled prompt " + RESOURCE);
            }
            ulaw = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int millis() {
        return ulaw.length / 8;
    }

    /** The prompt in {@code format}. */
    public byte[] in(AudioFormat format) {
        return switch (format.encoding()) {
            case PCMU -> ulaw.clone();
            case PCMA -> {
                byte[] out = new byte[ulaw.length];
                for (int i = 0; i < ulaw.length; i++) {
                    out[i] = G711.linearToAlaw(G711.ulawToLinear(ulaw[i]));
                }
                yield out;
            }
            case L16 -> {
                short[] pcm = new short[ulaw.length];
                for (int i = 0; i < ulaw.length; i++) {
                    pcm[i] = G711.ulawToLinear(ulaw[i]);
                }
                short[] resampled = format.sampleRate() == 8000
                        ? pcm
                        : new StreamingResampler(8000, format.sampleRate()).process(pcm);
                byte[] out = new byte[resampled.length * 2];
                for (int i = 0; i < resampled.length; i++) {
                    out[2 * i] = (byte) resampled[i];
                    out[2 * i + 1] = (byte) (resampled[i] >> 8);
                }
                yield out;
            }
        };
    }
}
