package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;
import java.util.List;

/** Mutes or unmutes meeting attendees after JoinChimeMeeting (DG/mute-unmute.html). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModifyChimeMeetingAttendees(
        @JsonProperty("Operation") Operation operation,
        @JsonProperty("MeetingId") String meetingId,
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("AttendeeList") List<String> attendeeList)
        implements SmaAction {

    public static final String TYPE = "ModifyChimeMeetingAttendees";
    public static final int MAX_ATTENDEES = 100;

    public enum Operation {
        @JsonProperty("Mute")
        MUTE,
        @JsonProperty("Unmute")
        UNMUTE
    }

    public ModifyChimeMeetingAttendees {
        Check.required("ModifyChimeMeetingAttendees.Operation", operation);
        Check.required("ModifyChimeMeetingAttendees.MeetingId", meetingId);
        Check.nonBlankIfPresent("ModifyChimeMeetingAttendees.CallId", callId);
        CallLeg.onlyTag(TYPE, participantTag, ParticipantTag.LEG_B);
        Check.required("ModifyChimeMeetingAttendees.AttendeeList", attendeeList);
        attendeeList = Check.listOf("ModifyChimeMeetingAttendees.AttendeeList", attendeeList, 1, MAX_ATTENDEES);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static ModifyChimeMeetingAttendees mute(String callId, String meetingId, List<String> attendeeIds) {
        return new ModifyChimeMeetingAttendees(Operation.MUTE, meetingId, callId, null, attendeeIds);
    }

    public static ModifyChimeMeetingAttendees unmute(String callId, String meetingId, List<String> attendeeIds) {
        return new ModifyChimeMeetingAttendees(Operation.UNMUTE, meetingId, callId, null, attendeeIds);
    }
}
