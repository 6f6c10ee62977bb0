package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.G711;
import dev.voicebridge.gateway.audio.StreamingResampler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The gateway's own words, for when the assistant cannot speak: the apology a caller hears when no
 * assistant can be had, so the call ends with an explanation instead of dead air, and the short
 * "one moment, please" while a lost assistant is being reconnected. Bundled as raw 8 kHz µ-law
 * (made once with espeak-ng and sox, see README-core.md), read once, and converted to each leg's
 * format. Immutable: any thread.
 */
public final class CallPrompts {

    static final String APOLOGY = "/prompts/apology-8k.ulaw";
    static final String HOLD = "/prompts/hold-8k.ulaw";

    private final byte[] apology;
    private final byte[] hold;

    public CallPrompts() {
        this.apology = read(APOLOGY);
        this.hold = read(HOLD);
    }

    private static byte[] read(String resource) {
        try (InputStream in = CallPrompts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled prompt " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The apology, in {@code format}. */
    public byte[] apology(AudioFormat format) {
        return in(apology, format);
    }

    /** "One moment, please.", in {@code format}. */
    public byte[] hold(AudioFormat format) {
        return in(hold, format);
    }

    private static byte[] in(byte[] ulaw, AudioFormat format) {
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
