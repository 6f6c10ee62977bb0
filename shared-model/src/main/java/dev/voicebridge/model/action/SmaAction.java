package dev.voicebridge.model.action;

/**
 * An action the SMA Lambda returns. Each record's components are the action's
 * {@code Parameters}; the {@code {"Type": ..., "Parameters": {...}}} envelope is written by
 * {@code SmaJson} (and by any Jackson mapper serializing an {@code SmaResponse}).
 * Constructors validate the limits AWS documents, so an invalid action cannot be built.
 */
public sealed interface SmaAction
        permits CallAndBridge,
                Hangup,
                JoinChimeMeeting,
                ModifyChimeMeetingAttendees,
                Pause,
                PlayAudio,
                PlayAudioAndGetDigits,
                ReceiveDigits,
                RecordAudio,
                SendDigits,
                Speak,
                SpeakAndGetDigits,
                StartBotConversation,
                StartCallRecording,
                PauseCallRecording,
                ResumeCallRecording,
                StopCallRecording,
                VoiceFocus,
                UnknownAction {

    /** The action's {@code Type} on the wire, e.g. "CallAndBridge". */
    String type();
}
