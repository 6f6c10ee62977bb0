package dev.voicebridge.gateway.realtime.protocol;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import java.util.List;

/**
 * What one call asks of its Realtime session, independent of the protocol that carries it.
 *
 * @param transcriptionModel input transcription model, or null for none (caller transcripts are
 *                           then not kept and cannot be replayed after a reconnect)
 * @param transcriptionLanguage ISO-639-1 language of the caller's speech, or null to let the model
 *                           detect it (GA audio.input.transcription.language)
 * @param textOutput         the model replies in text only (an operator's copilot mode), not audio
 */
public record SessionConfig(
        String instructions,
        String voice,
        AzureAudioFormat format,
        TurnDetection turnDetection,
        String transcriptionModel,
        String transcriptionLanguage,
        List<ToolDefinition> tools,
        boolean textOutput) {

    public SessionConfig {
        if (format == null || turnDetection == null) {
            throw new IllegalArgumentException("format and turn detection must be set");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** Audio replies, the transcription language left to the model. */
    public SessionConfig(
            String instructions,
            String voice,
            AzureAudioFormat format,
            TurnDetection turnDetection,
            String transcriptionModel,
            List<ToolDefinition> tools) {
        this(instructions, voice, format, turnDetection, transcriptionModel, null, tools, false);
    }

    /** The transcription language left to the model. */
    public SessionConfig(
            String instructions,
            String voice,
            AzureAudioFormat format,
            TurnDetection turnDetection,
            String transcriptionModel,
            List<ToolDefinition> tools,
            boolean textOutput) {
        this(instructions, voice, format, turnDetection, transcriptionModel, null, tools, textOutput);
    }

    public SessionConfig withVoice(String newVoice) {
        return new SessionConfig(
                instructions,
                newVoice,
                format,
                turnDetection,
                transcriptionModel,
                transcriptionLanguage,
                tools,
                textOutput);
    }

    public SessionConfig withTextOutput(boolean text) {
        return new SessionConfig(
                instructions, voice, format, turnDetection, transcriptionModel, transcriptionLanguage, tools, text);
    }
}
