package dev.voicebridge.simulator;

import java.util.function.Consumer;

/**
 * A plain energy detector standing in for Azure's server VAD: 20 ms windows whose RMS level is above
 * a threshold count as voiced. Speech starts after {@link #MIN_SPEECH_MS} of voiced windows and stops
 * after the session's silence duration of unvoiced ones. Positions are in milliseconds of audio
 * received, like Azure's audio_start_ms / audio_end_ms, so results do not depend on wall-clock timing.
 *
 * <p>The session's threshold (0..1) maps linearly onto -60..-20 dBFS: the default 0.5 is -40 dBFS,
 * well above G.711 idle noise and well below normal speech.
 */
final class EnergyVad {

    static final int WINDOW_MS = 20;
    static final int MIN_SPEECH_MS = 60;

    /** What one window of audio changed. */
    sealed interface Transition permits SpeechStarted, SpeechStopped {}

    record SpeechStarted(long audioStartMs, long detectedAtMs) implements Transition {}

    record SpeechStopped(long audioEndMs) implements Transition {}

    private final int sampleRate;
    private final double thresholdRms;
    private final int prefixPaddingMs;
    private final int silenceDurationMs;
    private final int windowSamples;
    private final short[] pending;
    private int pendingCount;
    private long positionMs;
    private boolean inSpeech;
    private long voicedRunMs;
    private long voicedRunStartMs;
    private long silenceRunMs;

    /** @param startMs session audio time at which this detector starts (after a reconfiguration) */
    EnergyVad(int sampleRate, TurnDetection td, long startMs) {
        this.sampleRate = sampleRate;
        this.positionMs = startMs;
        double dbfs = -60 + td.threshold() * 40;
        this.thresholdRms = 32768 * Math.pow(10, dbfs / 20);
        this.prefixPaddingMs = td.prefixPaddingMs();
        this.silenceDurationMs = td.silenceDurationMs();
        this.windowSamples = sampleRate / 1000 * WINDOW_MS;
        this.pending = new short[windowSamples];
    }

    /** Milliseconds of audio seen so far. */
    long positionMs() {
        return positionMs + (long) pendingCount * 1000 / sampleRate;
    }

    boolean inSpeech() {
        return inSpeech;
    }

    /** Feeds samples; every transition a completed window causes goes to {@code sink}. */
    void accept(short[] samples, Consumer<Transition> sink) {
        for (short s : samples) {
            pending[pendingCount++] = s;
            if (pendingCount == windowSamples) {
                Transition t = window();
                pendingCount = 0;
                if (t != null) {
                    sink.accept(t);
                }
            }
        }
    }

    /** Feeds encoded audio sample by sample, with no decoded copy: the per-append path. */
    void accept(byte[] audio, WireFormat format, Consumer<Transition> sink) {
        int n = format.samples(audio);
        for (int i = 0; i < n; i++) {
            pending[pendingCount++] = format.sample(audio, i);
            if (pendingCount == windowSamples) {
                Transition t = window();
                pendingCount = 0;
                if (t != null) {
                    sink.accept(t);
                }
            }
        }
    }

    private Transition window() {
        double sum = 0;
        for (int i = 0; i < windowSamples; i++) {
            sum += (double) pending[i] * pending[i];
        }
        boolean voiced = Math.sqrt(sum / windowSamples) >= thresholdRms;
        long windowStart = positionMs;
        positionMs += WINDOW_MS;
        if (!inSpeech) {
            if (voiced) {
                if (voicedRunMs == 0) {
                    voicedRunStartMs = windowStart;
                }
                voicedRunMs += WINDOW_MS;
                if (voicedRunMs >= MIN_SPEECH_MS) {
                    inSpeech = true;
                    silenceRunMs = 0;
                    return new SpeechStarted(Math.max(0, voicedRunStartMs - prefixPaddingMs), positionMs);
                }
            } else {
                voicedRunMs = 0;
            }
            return null;
        }
        if (voiced) {
            silenceRunMs = 0;
            return null;
        }
        silenceRunMs += WINDOW_MS;
        if (silenceRunMs >= silenceDurationMs) {
            inSpeech = false;
            voicedRunMs = 0;
            return new SpeechStopped(positionMs);
        }
        return null;
    }
}
