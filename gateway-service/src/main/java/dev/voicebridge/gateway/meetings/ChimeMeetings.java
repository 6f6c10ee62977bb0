package dev.voicebridge.gateway.meetings;

import dev.voicebridge.gateway.aws.LazyAwsClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;
import software.amazon.awssdk.services.chimesdkmeetings.model.NotFoundException;

/**
 * The chime-sdk-meetings API (AWS SDK v2): CreateMeeting, CreateAttendee, DeleteMeeting. Blocking;
 * AWS errors are thrown as the SDK's exceptions for the caller to turn into an answer. One client,
 * built on first use (no credentials are resolved at start-up), serves every request thread.
 */
@Component
public class ChimeMeetings implements AutoCloseable {

    private final MeetingProperties properties;
    private final LazyAwsClient<ChimeSdkMeetingsClient> client;

    public ChimeMeetings(MeetingProperties properties) {
        this.properties = properties;
        this.client = LazyAwsClient.of(ChimeSdkMeetingsClient::builder, properties.region(), properties.endpoint());
    }

    /**
     * A meeting in the configured media Region. {@code token} is CreateMeeting's ClientRequestToken:
     * a retry with the same token answers the meeting the first request made.
     */
    public Meeting create(String token, String externalMeetingId) {
        return client.get()
                .createMeeting(r -> r.clientRequestToken(token)
                        .externalMeetingId(externalMeetingId)
                        .mediaRegion(properties.mediaRegion()))
                .meeting();
    }

    /** An attendee of {@code meetingId}; its JoinToken lets whoever holds it into the meeting. */
    public Attendee attend(String meetingId, String externalUserId) {
        return client.get()
                .createAttendee(r -> r.meetingId(meetingId).externalUserId(externalUserId))
                .attendee();
    }

    /** Ends the meeting; one that is already gone counts as ended. */
    public void end(String meetingId) {
        try {
            client.get().deleteMeeting(r -> r.meetingId(meetingId));
        } catch (NotFoundException gone) {
            // Nothing left to end.
        }
    }

    public String mediaRegion() {
        return properties.mediaRegion();
    }

    @Override
    public void close() {
        client.close();
    }
}
