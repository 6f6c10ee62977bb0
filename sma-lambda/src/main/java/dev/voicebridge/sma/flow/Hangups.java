package dev.voicebridge.sma.flow;

import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.event.ActionData;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.sma.meeting.MeetingService;
import dev.voicebridge.sma.meeting.MeetingUnavailableException;
import dev.voicebridge.sma.support.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HANGUP events: release every other leg exactly once, or, during a transfer, bridge the caller on once the
 * gateway leg is gone. A meeting made for the call is ended with it, once.
 */
final class Hangups {

    private static final Logger log = LoggerFactory.getLogger(Hangups.class);

    private final CallActions actions;
    private final MeetingService meetings;

    Hangups(CallActions actions, MeetingService meetings) {
        this.actions = actions;
        this.meetings = meetings;
    }

    /**
     * One leg is gone. The SMA does not end the other leg of a bridged call by itself, and it bills it while it
     * is up: every other connected leg is hung up here, once (the CallIds already hung up are remembered).
     */
    Decision onHangup(SmaEvent event, CallAttributes attrs, Deadline deadline) {
        ActionData data = event.actionData();
        String goneCallId = data == null ? null : data.callId().orElse(null);
        String goneTag = data == null ? null : text(data.parameters().get("ParticipantTag"));
        String code = data == null ? null : text(data.parameters().get("SipResponseCode"));
        Participant gone = goneCallId == null
                ? null
                : event.callDetails().participantByCallId(goneCallId).orElse(null);
        String goneLeg = goneTag != null
                ? goneTag
                : gone != null && gone.participantTag() != null
                        ? gone.participantTag().wire()
                        : "a leg";

        if (attrs.phase() == Phase.TRANSFERRING && ParticipantTag.LEG_B.wire().equals(goneLeg)) {
            return continueTransfer(event, attrs);
        }
        boolean releasedForTransfer = goneCallId != null
                && attrs.hungUp().contains(goneCallId)
                && (attrs.phase() == Phase.TRANSFER_BRIDGING || attrs.phase() == Phase.TRANSFERRED);
        if (releasedForTransfer) {
            // The gateway leg this Lambda released for the transfer: expected, the caller stays.
            return Decision.nothing("released gateway leg gone");
        }

        List<SmaAction> hangups = new ArrayList<>();
        CallAttributes next = attrs;
        for (Participant p : event.callDetails().participants()) {
            if (p.callId() == null
                    || p.callId().equals(goneCallId)
                    || !p.isConnected()
                    || next.hungUp().contains(p.callId())) {
                continue;
            }
            hangups.add(Hangup.callId(p.callId(), 0));
            next = next.withHungUp(p.callId());
        }
        String reason = attrs.endReason() != null
                ? attrs.endReason()
                : attrs.phase() == Phase.DIALING
                        ? outboundOutcome(code)
                        : goneLeg + " hung up" + (code == null ? "" : " (SIP " + code + ")");
        next = next.endingBecause(reason);
        if (next.ownMeeting() && next.meetingId() != null) {
            next = endMeeting(next, deadline);
        }
        if (!hangups.isEmpty()) {
            log.info("{} hung up; hanging up the other leg{} once", goneLeg, hangups.size() > 1 ? "s" : "");
        }
        return Decision.of(hangups, next, CallState.ENDED, reason);
    }

    /**
     * Why an outbound call ended before it was answered, in the words the application that placed it
     * acts on (call again later, or not): the SIP code the far end or the network gave.
     */
    static String outboundOutcome(String code) {
        String outcome = switch (code == null ? "" : code) {
            case "486", "600" -> "busy";
            case "", "0", "408", "480", "487" -> "not answered";
            case "404", "484", "604" -> "failed: no such number";
            case "403", "603" -> "declined";
            default -> "failed";
        };
        return "outbound call " + outcome + (code == null ? "" : " (SIP " + code + ")");
    }

    /** The gateway leg is gone (ACTION_SUCCESSFUL of its Hangup, or its HANGUP): bridge the caller to the number. */
    Decision continueTransfer(SmaEvent event, CallAttributes attrs) {
        Optional<Participant> legA = CallController.connectedLegA(event);
        if (legA.isEmpty()) {
            return Decision.of(
                    List.of(),
                    attrs.endingBecause("caller left during the transfer"),
                    CallState.ENDED,
                    "caller left during the transfer");
        }
        log.info("gateway leg released; bridging the caller to {}", attrs.transferTo());
        return Decision.of(
                List.of(actions.bridgeToPstn(legA.get(), attrs.transferTo())),
                attrs.withPhase(Phase.TRANSFER_BRIDGING),
                null,
                null);
    }

    /** Meeting attendees are billed while they stay: the meeting made for this call goes when the call goes. */
    private CallAttributes endMeeting(CallAttributes attrs, Deadline deadline) {
        try {
            meetings.endMeeting(attrs.meetingId(), deadline);
            return attrs.withOwnMeeting(false);
        } catch (MeetingUnavailableException e) {
            // Chime ends it by itself once nobody is left in it; the call's own hang-ups matter more.
            log.warn(
                    "could not end meeting {} (Chime ends it once it is empty): {}", attrs.meetingId(), e.getMessage());
            return attrs.withOwnMeeting(false);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
