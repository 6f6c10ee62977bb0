package dev.voicebridge.sma.meeting;

import dev.voicebridge.sma.support.Deadline;

/** Chime SDK meetings for meeting mode (seed 002). Both calls finish, or fail, before the deadline. */
public interface MeetingService {

    /**
     * A meeting for this call plus an attendee for the caller's leg. Idempotent per TransactionId: a retried
     * invocation gets the same meeting (CreateMeeting's ClientRequestToken is derived from it).
     */
    MeetingJoin createForCall(String transactionId, Deadline deadline);

    /** An attendee for the caller's leg in an existing meeting (an outbound call's {@code meetingId} argument). */
    MeetingJoin joinExisting(String meetingId, String transactionId, Deadline deadline);

    /** Ends a meeting made for a call once the call is over; a meeting that is already gone counts as ended. */
    void endMeeting(String meetingId, Deadline deadline);
}
