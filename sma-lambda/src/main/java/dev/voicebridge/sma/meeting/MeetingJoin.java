package dev.voicebridge.sma.meeting;

/**
 * What JoinChimeMeeting needs. The join token lets anyone who holds it into the meeting, so it is never
 * printed: not by {@link #toString()}, not in logs, not in TransactionAttributes.
 */
public record MeetingJoin(String meetingId, String attendeeId, String joinToken) {

    @Override
    public String toString() {
        return "MeetingJoin[meetingId=" + meetingId + ", attendeeId=" + attendeeId + ", joinToken=<redacted>]";
    }
}
