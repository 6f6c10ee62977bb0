package dev.voicebridge.gateway.meetings;

import dev.voicebridge.gateway.outbound.OutboundProperties;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.model.BridgeHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts a Chime SDK meeting for the console (seed 002's meeting path): CreateMeeting, then
 * CreateAttendee for the signed-in principal, and on request asks the SIP media application to dial
 * a phone number into that meeting (CreateSipMediaApplicationCall with the meeting id in its
 * ArgumentsMap; the SMA Lambda joins the answered leg with JoinChimeMeeting). Every check that can
 * refuse a request runs before AWS hears of it; a meeting made for a request that then fails is
 * ended again. The attendee's JoinToken is returned, never logged. Blocking (AWS): called on
 * bounded-elastic threads.
 */
@Component
public class MeetingStarter {

    /** ArgumentsMap key of the request's own id, which the SMA Lambda logs too. */
    static final String ARG_REQUEST_ID = "vbRequestId";

    private static final Logger log = LoggerFactory.getLogger(MeetingStarter.class);

    private final ChimeMeetings meetings;
    private final SmaCallControl sma;
    private final OutboundProperties outbound;

    public MeetingStarter(ChimeMeetings meetings, SmaCallControl sma, OutboundProperties outbound) {
        this.meetings = meetings;
        this.sma = sma;
        this.outbound = outbound;
    }

    /**
     * The join information amazon-chime-sdk-js takes ({@code meeting} and {@code attendee} in the
     * CreateMeeting and CreateAttendee response shapes) and, when dialling, the placed call's id.
     */
    public record Started(ObjectNode meeting, ObjectNode attendee, String callId) {

        /** The answer body; it holds the JoinToken, so it goes to the requester only. */
        public ObjectNode toJson() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("meeting").set("Meeting", meeting);
            body.putObject("attendee").set("Attendee", attendee);
            if (callId != null) {
                body.putObject("call").put("id", callId).put("state", "RINGING");
            }
            return body;
        }

        @Override
        public String toString() {
            return "Started[meetingId=" + meeting.path("MeetingId").asString() + ", attendeeId="
                    + attendee.path("AttendeeId").asString() + ", callId=" + callId + ", joinToken=<redacted>]";
        }
    }

    /**
     * @param principal who asked (the authenticated name): the attendee's ExternalUserId and the log's "who"
     * @throws MeetingRefused naming the field, setting or AWS answer that stopped it
     */
    public Started start(MeetingRequest request, String principal) {
        if (request.dials()) {
            if (!outbound.allows(request.dial())) {
                throw new MeetingRefused(
                        403,
                        "dial: " + request.dial() + " is outside GATEWAY_OUTBOUND_ALLOWED_PREFIXES "
                                + outbound.allowedPrefixes());
            }
            if (outbound.smaId() == null) {
                throw new MeetingRefused(503, "GATEWAY_SMA_ID is not set: this gateway dials no numbers");
            }
        }
        String requestId = UUID.randomUUID().toString();
        Meeting meeting = aws("CreateMeeting", () -> meetings.create(requestId, "voicebridge-" + requestId));
        String meetingId = meeting.meetingId();
        try {
            Attendee attendee = aws("CreateAttendee", () -> meetings.attend(meetingId, externalUserId(principal)));
            String callId = request.dials() ? dial(request, meetingId, requestId) : null;
            log.info(
                    "{} started meeting {} in {} (attendee {}){}",
                    principal,
                    meetingId,
                    meeting.mediaRegion(),
                    attendee.attendeeId(),
                    callId == null ? "" : ", dialling " + masked(request.dial()) + " into it as call " + callId);
            return new Started(SdkJson.of(meeting), SdkJson.of(attendee), callId);
        } catch (MeetingRefused refused) {
            endQuietly(meetingId);
            throw refused;
        }
    }

    private String dial(MeetingRequest request, String meetingId, String requestId) {
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put(ARG_REQUEST_ID, requestId);
        arguments.put(BridgeHeaders.MEETING_ARGUMENT, meetingId);
        try {
            return sma.place(outbound.smaId(), request.from(), request.dial(), arguments);
        } catch (AwsServiceException e) {
            String code = code(e);
            log.warn("Chime SDK Voice refused to dial into meeting {}: {} ({})", meetingId, code, e.statusCode());
            if (throttled(e, code) || e.statusCode() >= 500 || "ResourceLimitExceededException".equals(code)) {
                throw new MeetingRefused(503, "Chime SDK Voice could not dial now (" + code + "); retry later", 5);
            }
            throw new MeetingRefused(
                    502,
                    "Chime SDK Voice refused to dial (" + code + "): check 'from' is a number of this account's"
                            + " inventory and GATEWAY_SMA_ID");
        } catch (SdkClientException e) {
            log.warn("dialling into meeting {} failed: Chime SDK Voice unreachable: {}", meetingId, e.getMessage());
            throw new MeetingRefused(503, "Chime SDK Voice could not be reached; try again", 5);
        }
    }

    private <T> T aws(String operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            String code = code(e);
            log.warn("chime-sdk-meetings {} refused: {} ({})", operation, code, e.statusCode());
            if (throttled(e, code)) {
                throw new MeetingRefused(503, "chime-sdk-meetings is throttling " + operation + "; retry later", 2);
            }
            if (e.statusCode() == 503) {
                throw new MeetingRefused(503, "chime-sdk-meetings is unavailable (" + code + "); retry later", 5);
            }
            throw new MeetingRefused(
                    502,
                    "chime-sdk-meetings refused " + operation + " (" + code + "): check the gateway role's" + " chime:"
                            + operation + " permission and GATEWAY_MEETING_MEDIA_REGION");
        } catch (SdkClientException e) {
            log.warn("chime-sdk-meetings {} failed: unreachable: {}", operation, e.getMessage());
            throw new MeetingRefused(503, "chime-sdk-meetings could not be reached; try again", 5);
        }
    }

    private void endQuietly(String meetingId) {
        try {
            meetings.end(meetingId);
            log.info("ended meeting {}: the request that made it failed", meetingId);
        } catch (RuntimeException e) {
            // Chime ends a meeting nobody joins after a few minutes by itself.
            log.warn("could not end meeting {} after a failed request: {}", meetingId, e.toString());
        }
    }

    private static boolean throttled(AwsServiceException e, String code) {
        return e.isThrottlingException()
                || e.statusCode() == 429
                || "ThrottlingException".equals(code)
                || "ThrottledClientException".equals(code)
                || "LimitExceededException".equals(code);
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** CreateAttendee's ExternalUserId takes 2-64 characters. */
    static String externalUserId(String principal) {
        String id = principal == null || principal.isBlank() ? "console" : principal.strip();
        if (id.length() < 2) {
            id = id + "-console";
        }
        return id.length() <= 64 ? id : id.substring(0, 64);
    }

    private static String masked(String number) {
        return number.substring(0, Math.min(5, number.length())) + "...";
    }
}
