package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.event.ParticipantTag;
import dev.voicebridge.model.internal.Check;

/** Joins LEG-A to a Chime SDK meeting (DG/join-chime-meeting.html). Not allowed on a bridged call. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JoinChimeMeeting(
        @JsonProperty("JoinToken") String joinToken,
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("MeetingId") String meetingId) implements SmaAction {

    public static final String TYPE = "JoinChimeMeeting";

    public JoinChimeMeeting {
        Check.required("JoinChimeMeeting.JoinToken", joinToken);
        Check.lengthBetween("JoinChimeMeeting.JoinToken", joinToken, 2, 2048);
        Check.nonBlankIfPresent("JoinChimeMeeting.CallId", callId);
        CallLeg.onlyTag(TYPE, participantTag, ParticipantTag.LEG_A);
        Check.nonBlankIfPresent("JoinChimeMeeting.MeetingId", meetingId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static JoinChimeMeeting of(String callId, String joinToken, String meetingId) {
        return new JoinChimeMeeting(joinToken, callId, null, meetingId);
    }
}
