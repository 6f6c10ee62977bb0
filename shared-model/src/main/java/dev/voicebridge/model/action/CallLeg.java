package dev.voicebridge.model.action;

import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;

/** Shared checks for the CallId / ParticipantTag pair most actions take. */
final class CallLeg {

    private CallLeg() {}

    static void notBoth(String action, String callId, ParticipantTag tag) {
        Check.nonBlankIfPresent(action + ".CallId", callId);
        if (callId != null && tag != null) {
            throw new SmaValidationException(
                    action + ".ParticipantTag", tag.wire(), "absent when CallId is given (use one, not both)");
        }
    }

    static void onlyTag(String action, ParticipantTag tag, ParticipantTag allowed) {
        if (tag != null && tag != allowed) {
            throw new SmaValidationException(action + ".ParticipantTag", tag.wire(), allowed.wire());
        }
    }
}
