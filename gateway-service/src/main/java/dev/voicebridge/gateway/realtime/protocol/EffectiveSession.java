package dev.voicebridge.gateway.realtime.protocol;

import dev.voicebridge.gateway.audio.AzureAudioFormat;

/**
 * The session settings the server echoed in session.updated, in protocol-neutral terms. A field the
 * server left out or spelled in a way we do not know is null, which never matches a request.
 */
public record EffectiveSession(
        AzureAudioFormat inputFormat,
        AzureAudioFormat outputFormat,
        String voice,
        TurnDetection.Type turnDetectionType,
        Double threshold,
        Integer prefixPaddingMs,
        Integer silenceDurationMs) {

    /**
     * Differences between what was asked and what the server says it will do, one readable line each;
     * empty when the session is usable.
     */
    public java.util.List<String> mismatches(SessionConfig asked) {
        var out = new java.util.ArrayList<String>();
        if (inputFormat != asked.format()) {
            out.add("input audio format: asked " + asked.format() + ", server uses " + inputFormat);
        }
        if (outputFormat != asked.format()) {
            out.add("output audio format: asked " + asked.format() + ", server uses " + outputFormat);
        }
        if (asked.voice() != null && !asked.voice().equals(voice)) {
            out.add("voice: asked " + asked.voice() + ", server uses " + voice);
        }
        TurnDetection td = asked.turnDetection();
        if (td.type() != turnDetectionType) {
            out.add("turn detection: asked " + td.type().wire() + ", server uses "
                    + (turnDetectionType == null ? "none" : turnDetectionType.wire()));
        } else if (td.type() == TurnDetection.Type.SERVER_VAD) {
            if (threshold == null || Math.abs(threshold - td.threshold()) > 1e-6) {
                out.add("VAD threshold: asked " + td.threshold() + ", server uses " + threshold);
            }
            if (prefixPaddingMs == null || prefixPaddingMs != td.prefixPaddingMs()) {
                out.add("VAD prefix padding: asked " + td.prefixPaddingMs() + " ms, server uses " + prefixPaddingMs);
            }
            if (silenceDurationMs == null || silenceDurationMs != td.silenceDurationMs()) {
                out.add("VAD silence duration: asked " + td.silenceDurationMs() + " ms, server uses "
                        + silenceDurationMs);
            }
        }
        return out;
    }
}
