package dev.voicebridge.simulator;

/**
 * The effective turn detection of a session. {@code type} is server_vad or semantic_vad (both run
 * the simulator's energy VAD; semantic_vad waits the longest silence of its eagerness), or null when
 * the client turned it off and commits by hand.
 */
public record TurnDetection(
        String type,
        double threshold,
        int prefixPaddingMs,
        int silenceDurationMs,
        boolean createResponse,
        boolean interruptResponse) {

    static TurnDetection serverVad(int silenceDurationMs) {
        return new TurnDetection("server_vad", 0.5, 300, silenceDurationMs, true, true);
    }

    static TurnDetection none() {
        return new TurnDetection(null, 0, 0, 0, false, false);
    }

    public boolean enabled() {
        return type != null;
    }
}
