package dev.voicebridge.sma.flow;

import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.JoinChimeMeeting;
import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.event.ActionData;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.model.event.SmaFailure;
import dev.voicebridge.sma.config.CallMode;
import dev.voicebridge.sma.config.SmaLambdaProperties;
import dev.voicebridge.sma.meeting.MeetingJoin;
import dev.voicebridge.sma.meeting.MeetingService;
import dev.voicebridge.sma.meeting.MeetingUnavailableException;
import dev.voicebridge.sma.support.Deadline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the answer to every SMA event of a call: answer and bridge, keep the bridge up, retry it, end
 * both legs once, follow the gateway's commands, place outbound calls in the gateway or a meeting.
 *
 * <p>Everything it needs to remember lives in the TransactionAttributes ({@link CallAttributes}), so any
 * Lambda instance answers any event of any call the same way.
 */
public final class CallController {

    private static final Logger log = LoggerFactory.getLogger(CallController.class);
    /** Failures that a second identical CallAndBridge cannot fix: retrying only delays the apology. */
    private static final Set<String> PERMANENT_FAILURES =
            Set.of("InvalidActionParameter", "MissingRequiredActionParameter", "AccessDenied");

    /** What an outbound argument may look like before it goes into a log line or a SIP header. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    /** Outbound ArgumentsMap key of the gateway's calls API request that placed the call. */
    static final String REQUEST_ID_ARGUMENT = "vbRequestId";

    /** Outbound ArgumentsMap key naming the meeting an outbound call joins. */
    public static final String MEETING_ID_ARGUMENT = BridgeHeaders.MEETING_ARGUMENT;

    private final SmaLambdaProperties config;
    private final CallActions actions;
    private final MeetingService meetings;
    private final GatewayCommands commands;
    private final Hangups hangups;
    private final LegsOnRecord legs;

    public CallController(SmaLambdaProperties config, MeetingService meetings) {
        this.config = config;
        this.actions = new CallActions(config);
        this.meetings = meetings;
        this.commands = new GatewayCommands(config, actions);
        this.hangups = new Hangups(actions, meetings);
        this.legs = new LegsOnRecord(actions);
    }

    public Decision decide(SmaEvent event, Deadline deadline) {
        CallAttributes attrs = CallAttributes.of(event);
        // The Participants are the SMA's view of the call now; the attributes only this Lambda's memory.
        return legs.neverBridgeAgain(event, attrs, byAttributes(event, attrs, deadline));
    }

    private Decision byAttributes(SmaEvent event, CallAttributes attrs, Deadline deadline) {
        return switch (event.invocationEventType()) {
            case NEW_INBOUND_CALL -> onNewInboundCall(event, attrs, deadline);
            case NEW_OUTBOUND_CALL -> onNewOutboundCall(event, attrs);
            case RINGING -> Decision.nothing("far end ringing");
            case CALL_ANSWERED -> onCallAnswered(event, attrs, deadline);
            case ACTION_SUCCESSFUL ->
                attrs.phase() == null ? legs.unplaced(event, attrs) : onActionSuccessful(event, attrs);
            case ACTION_FAILED -> attrs.phase() == null ? legs.unplaced(event, attrs) : onActionFailed(event, attrs);
            case ACTION_INTERRUPTED ->
                Decision.nothing("action interrupted by a call update (the SMA ignores this answer)");
            case HANGUP -> hangups.onHangup(event, attrs, deadline);
            case CALL_UPDATE_REQUESTED -> commands.onUpdate(event, attrs);
            case DIGITS_RECEIVED -> {
                String digits = event.action().map(ActionData::receivedDigits).orElse("");
                // The digits themselves may be a PIN or a card number: only their count is logged.
                log.info(
                        "DIGITS_RECEIVED ({} digits) ignored: this Lambda does not collect digits",
                        digits == null ? 0 : digits.length());
                yield Decision.nothing("digits received");
            }
            case INVALID_LAMBDA_RESPONSE ->
                throw new IllegalStateException(
                        "INVALID_LAMBDA_RESPONSE is answered by SafeResponses, which knows the rejected response");
            case UNKNOWN -> {
                log.warn(
                        "event type '{}' is not known to this Lambda; answering with no actions", event.rawEventType());
                yield Decision.nothing("unknown event " + event.rawEventType());
            }
        };
    }

    // ---- new calls -------------------------------------------------------------------------------------

    private Decision onNewInboundCall(SmaEvent event, CallAttributes attrs, Deadline deadline) {
        Optional<Participant> legA = event.legA();
        if (legA.isEmpty() || legA.get().callId() == null) {
            // A malformed event, answered safely: a warning, like any other event that cannot be placed.
            log.warn("NEW_INBOUND_CALL without a LEG-A CallId; refusing the call (480) instead of leaving it ringing");
            return Decision.of(
                    List.of(Hangup.leg(ParticipantTag.LEG_A, 480)),
                    attrs.endingBecause("no LEG-A in the event"),
                    CallState.ENDED,
                    "refused: no LEG-A in NEW_INBOUND_CALL");
        }
        if (config.callMode() == CallMode.MEETING) {
            return joinNewMeeting(event, legA.get(), attrs, deadline);
        }
        return bridge(event, legA.get(), attrs, "inbound call, bridging to the gateway");
    }

    private Decision onNewOutboundCall(SmaEvent event, CallAttributes attrs) {
        Map<String, String> args = event.action().map(ActionData::arguments).orElse(Map.of());
        String meetingId = meetingIdArgument(args);
        String requestId = args.get(REQUEST_ID_ARGUMENT);
        // The gateway's calls API logs the same request id, so one search finds both sides of a placement.
        log.info(
                "outbound call placed{}{}",
                meetingId == null ? "" : " to join meeting " + meetingId,
                requestId != null && NAME.matcher(requestId).matches() ? " by API request " + requestId : "");
        // AWS ignores the actions of this answer; the attributes carry the meeting id to CALL_ANSWERED, which
        // does not repeat the ArgumentsMap (as AWS's own outbound samples rely on).
        String profile = profileArgument(args);
        return Decision.of(
                List.of(),
                attrs.withPhase(Phase.DIALING)
                        .withMeeting(meetingId, null)
                        .withOther(BridgeHeaders.PROFILE_ARGUMENT, profile),
                null,
                "dialing out");
    }

    /** The profile the calls API placed the call with, when it is a name (it becomes a SIP header value). */
    private static String profileArgument(Map<String, String> args) {
        String profile = args.get(BridgeHeaders.PROFILE_ARGUMENT);
        if (profile == null || !NAME.matcher(profile).matches()) {
            if (profile != null) {
                log.warn("ignoring outbound argument {}: not a profile name", BridgeHeaders.PROFILE_ARGUMENT);
            }
            return null;
        }
        return profile;
    }

    private Decision onCallAnswered(SmaEvent event, CallAttributes attrs, Deadline deadline) {
        Optional<Participant> legA = event.legA();
        if (legA.isEmpty() || legA.get().callId() == null) {
            log.warn("CALL_ANSWERED without a LEG-A CallId; nothing can be done with this call");
            return Decision.nothing("answered, but no LEG-A in the event");
        }
        if (attrs.phase() != null && attrs.phase() != Phase.DIALING) {
            log.warn("CALL_ANSWERED in phase {}: already handled, no new actions", attrs.phase());
            return Decision.nothing("answered again");
        }
        String meetingId = attrs.meetingId() != null
                ? attrs.meetingId()
                : meetingIdArgument(event.action().map(ActionData::arguments).orElse(Map.of()));
        if (meetingId != null) {
            return joinMeeting(
                    legA.get(), attrs, false, () -> meetings.joinExisting(meetingId, event.transactionId(), deadline));
        }
        if (config.callMode() == CallMode.MEETING) {
            return joinNewMeeting(event, legA.get(), attrs, deadline);
        }
        return bridge(event, legA.get(), attrs, "outbound call answered, bridging to the gateway");
    }

    private Decision bridge(SmaEvent event, Participant legA, CallAttributes attrs, String reason) {
        List<SmaAction> list = new ArrayList<>(actions.greeting(legA));
        list.add(actions.bridgeToGateway(event, legA, attrs));
        return Decision.of(list, attrs.withPhase(Phase.BRIDGING).withAttempt(1), CallState.BRIDGING, reason);
    }

    private Decision joinNewMeeting(SmaEvent event, Participant legA, CallAttributes attrs, Deadline deadline) {
        return joinMeeting(legA, attrs, true, () -> meetings.createForCall(event.transactionId(), deadline));
    }

    private Decision joinMeeting(
            Participant legA, CallAttributes attrs, boolean ownMeeting, java.util.function.Supplier<MeetingJoin> join) {
        MeetingJoin meeting;
        try {
            meeting = join.get();
        } catch (MeetingUnavailableException e) {
            log.error("meeting unavailable, apologising and hanging up: {}", e.getMessage());
            return Decision.of(
                    actions.apologyAndHangup(legA),
                    attrs.endingBecause("meeting unavailable"),
                    null,
                    "meeting unavailable: " + e.getMessage());
        }
        JoinChimeMeeting joinAction = JoinChimeMeeting.of(legA.callId(), meeting.joinToken(), meeting.meetingId());
        return Decision.of(
                List.of(joinAction),
                attrs.withPhase(Phase.JOINING_MEETING)
                        .withMeeting(meeting.meetingId(), meeting.attendeeId())
                        .withOwnMeeting(ownMeeting),
                CallState.BRIDGING,
                "joining meeting " + meeting.meetingId() + " as attendee " + meeting.attendeeId());
    }

    // ---- results of our actions ---------------------------------------------------------------------------

    private Decision onActionSuccessful(SmaEvent event, CallAttributes attrs) {
        String type = event.action().map(ActionData::type).orElse("");
        Phase phase = attrs.phase();
        switch (type) {
            case CallAndBridge.TYPE -> {
                if (phase == Phase.TRANSFER_BRIDGING) {
                    return Decision.of(
                            List.of(),
                            attrs.withPhase(Phase.TRANSFERRED),
                            CallState.CONNECTED,
                            "transferred to " + attrs.transferTo());
                }
                if (phase == Phase.ENDING) {
                    return Decision.nothing("bridge answered while the call is ending");
                }
                // Keep-alive: no actions, the two legs stay bridged until one hangs up.
                return Decision.of(
                        List.of(),
                        attrs.withPhase(Phase.BRIDGED),
                        CallState.CONNECTED,
                        "gateway answered (attempt " + Math.max(1, attrs.attempt()) + ")");
            }
            case JoinChimeMeeting.TYPE -> {
                return Decision.of(
                        List.of(),
                        attrs.withPhase(Phase.IN_MEETING),
                        CallState.CONNECTED,
                        "joined meeting " + attrs.meetingId());
            }
            case Hangup.TYPE -> {
                if (phase == Phase.TRANSFERRING) {
                    return hangups.continueTransfer(event, attrs);
                }
                return Decision.nothing("hang-up done");
            }
            default -> {
                return afterEarlierAction(event, attrs, "succeeded");
            }
        }
    }

    private Decision onActionFailed(SmaEvent event, CallAttributes attrs) {
        String type = event.action().map(ActionData::type).orElse("");
        SmaFailure failure = event.failure().orElse(new SmaFailure("Unknown", "no error details in the event"));
        Optional<Participant> legA = connectedLegA(event);
        switch (type) {
            case CallAndBridge.TYPE -> {
                if (legA.isEmpty()) {
                    return Decision.nothing("bridge failed after the caller left");
                }
                if (attrs.phase() == Phase.TRANSFER_BRIDGING) {
                    log.warn("transfer to {} failed: {}; apologising and hanging up", attrs.transferTo(), failure);
                    return Decision.of(
                            actions.apologyAndHangup(legA.get()),
                            attrs.endingBecause("transfer failed: " + failure.errorType()),
                            null,
                            "transfer to " + attrs.transferTo() + " failed: " + failure.errorType());
                }
                return bridgeFailed(event, legA.get(), attrs, failure);
            }
            case JoinChimeMeeting.TYPE -> {
                if (legA.isEmpty()) {
                    return Decision.nothing("meeting join failed after the caller left");
                }
                log.error("JoinChimeMeeting failed: {}; apologising and hanging up", failure);
                return Decision.of(
                        actions.apologyAndHangup(legA.get()),
                        attrs.endingBecause("meeting join failed: " + failure.errorType()),
                        null,
                        "meeting join failed: " + failure.errorType());
            }
            case Hangup.TYPE -> {
                log.warn("Hangup failed: {}; not repeating it", failure);
                return Decision.nothing("hang-up failed: " + failure.errorType());
            }
            default -> {
                log.warn("{} failed: {}", type.isEmpty() ? "an action" : type, failure);
                return afterEarlierAction(event, attrs, "failed");
            }
        }
    }

    private Decision bridgeFailed(SmaEvent event, Participant legA, CallAttributes attrs, SmaFailure failure) {
        int attempt = Math.max(1, attrs.attempt());
        int allowed = 1 + config.gateway().retries();
        boolean permanent = PERMANENT_FAILURES.contains(failure.errorType());
        if (!permanent && attempt < allowed) {
            log.warn(
                    "bridge attempt {} of {} failed: {}; retrying after {} ms",
                    attempt,
                    allowed,
                    failure,
                    config.gateway().retryPause().toMillis());
            return Decision.of(
                    actions.retryBridge(event, legA, attrs),
                    attrs.withPhase(Phase.BRIDGING).withAttempt(attempt + 1),
                    CallState.BRIDGING,
                    "bridge attempt " + attempt + " failed (" + failure.errorType() + "), retrying");
        }
        String why = permanent
                ? "bridge failed permanently (" + failure.errorType() + ")"
                : "gateway unreachable after " + attempt + " attempt" + (attempt == 1 ? "" : "s") + " ("
                        + failure.errorType() + ")";
        log.error(
                "{}: {}; apologising and hanging up with SIP {}",
                why,
                failure,
                config.failure().sipResponseCode());
        return Decision.of(actions.apologyAndHangup(legA), attrs.endingBecause(why), null, why);
    }

    /**
     * A greeting, apology or pause reported on its own. If the SMA reports it before running the rest of the
     * list we sent with it, the rest (the bridge, or the hang-up) is sent again; otherwise nothing to do.
     */
    private Decision afterEarlierAction(SmaEvent event, CallAttributes attrs, String outcome) {
        Optional<Participant> legA = connectedLegA(event);
        if (legA.isPresent() && attrs.phase() == Phase.BRIDGING) {
            log.info(
                    "{} {} before the bridge; sending the bridge (attempt {})",
                    actionType(event),
                    outcome,
                    attrs.attempt());
            return Decision.of(List.of(actions.bridgeToGateway(event, legA.get(), attrs)), attrs, null, null);
        }
        if (legA.isPresent()
                && attrs.phase() == Phase.ENDING
                && !attrs.hungUp().contains(legA.get().callId())) {
            log.info("{} {} while ending; hanging up the caller", actionType(event), outcome);
            return Decision.of(
                    List.of(actions.hangupCaller(legA.get())),
                    attrs.withHungUp(legA.get().callId()),
                    null,
                    null);
        }
        return Decision.nothing(actionType(event) + " " + outcome);
    }

    static Optional<Participant> connectedLegA(SmaEvent event) {
        return event.legA()
                .filter(p -> p.callId() != null && !p.callId().isBlank() && (p.status() == null || p.isConnected()));
    }

    private static String meetingIdArgument(Map<String, String> args) {
        String id = args.get(MEETING_ID_ARGUMENT);
        if (id == null) {
            id = args.get("MeetingId");
        }
        return id == null || id.isBlank() ? null : id.trim();
    }

    private static String actionType(SmaEvent event) {
        return event.action().map(ActionData::type).filter(t -> !t.isEmpty()).orElse("an action");
    }
}
