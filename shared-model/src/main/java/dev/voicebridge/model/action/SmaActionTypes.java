package dev.voicebridge.model.action;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The documented action types and the record that models each. */
public final class SmaActionTypes {

    private static final Map<String, Class<? extends SmaAction>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put(CallAndBridge.TYPE, CallAndBridge.class);
        TYPES.put(Hangup.TYPE, Hangup.class);
        TYPES.put(JoinChimeMeeting.TYPE, JoinChimeMeeting.class);
        TYPES.put(ModifyChimeMeetingAttendees.TYPE, ModifyChimeMeetingAttendees.class);
        TYPES.put(Pause.TYPE, Pause.class);
        TYPES.put(PlayAudio.TYPE, PlayAudio.class);
        TYPES.put(PlayAudioAndGetDigits.TYPE, PlayAudioAndGetDigits.class);
        TYPES.put(ReceiveDigits.TYPE, ReceiveDigits.class);
        TYPES.put(RecordAudio.TYPE, RecordAudio.class);
        TYPES.put(SendDigits.TYPE, SendDigits.class);
        TYPES.put(Speak.TYPE, Speak.class);
        TYPES.put(SpeakAndGetDigits.TYPE, SpeakAndGetDigits.class);
        TYPES.put(StartBotConversation.TYPE, StartBotConversation.class);
        TYPES.put(StartCallRecording.TYPE, StartCallRecording.class);
        TYPES.put(PauseCallRecording.TYPE, PauseCallRecording.class);
        TYPES.put(ResumeCallRecording.TYPE, ResumeCallRecording.class);
        TYPES.put(StopCallRecording.TYPE, StopCallRecording.class);
        TYPES.put(VoiceFocus.TYPE, VoiceFocus.class);
    }

    private SmaActionTypes() {}

    /** The record for a documented type name (exact, as AWS spells it), or empty. */
    public static Optional<Class<? extends SmaAction>> recordFor(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }

    /** All 18 documented type names. */
    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(TYPES.keySet());
    }
}
