package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;

/** Joins LEG-A to a Chime SDK meeting (DG/join-chime-meeting.html). Not allowed on a bridged call. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JoinChimeMeeting(
        @JsonProperty("JoinToken") String joinToken,
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("MeetingId") String meetingId)
        implements SmaAction {

    public static final String TYPE = "JoinChimeMeeting";

    public JoinChimeMeeting {
        Check.required("JoinChimeMeeting.JoinToken", joinToken);
        if (joinToken.length() < 2 || joinToken.length() > 2048) {
            // The token is a credential: name its length, never its value.
            throw SmaValidationException.measured(
                    "JoinChimeMeeting.JoinToken", joinToken.length() + " characters", "2 to 2048 characters long");
        }
        Check.nonBlankIfPresent("JoinChimeMeeting.CallId", callId);
        CallLeg.onlyTag(TYPE, participantTag, ParticipantTag.LEG_A);
        Check.nonBlankIfPresent("JoinChimeMeeting.MeetingId", meetingId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Without the join token, which admits anyone holding it to the meeting. */
    @Override
    public String toString() {
        return "JoinChimeMeeting[joinToken=***, callId=" + callId + ", participantTag=" + participantTag
                + ", meetingId=" + meetingId + "]";
    }

    public static JoinChimeMeeting of(String callId, String joinToken, String meetingId) {
        return new JoinChimeMeeting(joinToken, callId, null, meetingId);
    }
}
