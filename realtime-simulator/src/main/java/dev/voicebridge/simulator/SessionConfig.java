package dev.voicebridge.simulator;

import tools.jackson.databind.JsonNode;

/**
 * The effective configuration of a simulated session, as a session.update leaves it. Both protocols
 * parse into this and render from it, so the echo in session.updated always reflects what the
 * simulator will actually do.
 *
 * @param transcriptionModel input transcription model, or null when transcription is off
 * @param tools              the tools array as the client sent it (never null)
 * @param textOutput         output modalities ["text"]: responses carry text only, no audio
 *                           (GA {@code session.output_modalities}, preview {@code session.modalities})
 */
public record SessionConfig(
        String instructions,
        String voice,
        WireFormat inputFormat,
        WireFormat outputFormat,
        TurnDetection turnDetection,
        String transcriptionModel,
        JsonNode tools,
        String toolChoice,
        boolean textOutput) {

    public SessionConfig(
            String instructions,
            String voice,
            WireFormat inputFormat,
            WireFormat outputFormat,
            TurnDetection turnDetection,
            String transcriptionModel,
            JsonNode tools,
            String toolChoice) {
        this(
                instructions,
                voice,
                inputFormat,
                outputFormat,
                turnDetection,
                transcriptionModel,
                tools,
                toolChoice,
                false);
    }

    public SessionConfig withTextOutput(boolean v) {
        return new SessionConfig(
                instructions,
                voice,
                inputFormat,
                outputFormat,
                turnDetection,
                transcriptionModel,
                tools,
                toolChoice,
                v);
    }

    public SessionConfig withInstructions(String v) {
        return new SessionConfig(
                v, voice, inputFormat, outputFormat, turnDetection, transcriptionModel, tools, toolChoice, textOutput);
    }

    public SessionConfig withVoice(String v) {
        return new SessionConfig(
                instructions,
                v,
                inputFormat,
                outputFormat,
                turnDetection,
                transcriptionModel,
                tools,
                toolChoice,
                textOutput);
    }

    public SessionConfig withInputFormat(WireFormat v) {
        return new SessionConfig(
                instructions, voice, v, outputFormat, turnDetection, transcriptionModel, tools, toolChoice, textOutput);
    }

    public SessionConfig withOutputFormat(WireFormat v) {
        return new SessionConfig(
                instructions, voice, inputFormat, v, turnDetection, transcriptionModel, tools, toolChoice, textOutput);
    }

    public SessionConfig withTurnDetection(TurnDetection v) {
        return new SessionConfig(
                instructions, voice, inputFormat, outputFormat, v, transcriptionModel, tools, toolChoice, textOutput);
    }

    public SessionConfig withTranscriptionModel(String v) {
        return new SessionConfig(
                instructions, voice, inputFormat, outputFormat, turnDetection, v, tools, toolChoice, textOutput);
    }

    public SessionConfig withTools(JsonNode v) {
        return new SessionConfig(
                instructions,
                voice,
                inputFormat,
                outputFormat,
                turnDetection,
                transcriptionModel,
                v,
                toolChoice,
                textOutput);
    }

    public SessionConfig withToolChoice(String v) {
        return new SessionConfig(
                instructions,
                voice,
                inputFormat,
                outputFormat,
                turnDetection,
                transcriptionModel,
                tools,
                v,
                textOutput);
    }
}
