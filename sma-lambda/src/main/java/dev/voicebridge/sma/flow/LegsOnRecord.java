package dev.voicebridge.sma.flow;

import dev.voicebridge.model.action.BridgeEndpointType;
import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.event.ActionData;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SMA reports about the call's legs, which outranks what the TransactionAttributes remember.
 * Attributes can be stale or foreign (a redeploy mid-call that renamed them, another application sharing
 * the SIP media application); the Participants of the event are the SMA's own view of the call now. So:
 * a call whose second leg is connected is never bridged to the gateway again, and an action result that
 * the attribute state machine cannot place gets the safest valid answer for the legs as reported. Stateless.
 */
final class LegsOnRecord {

    private static final Logger log = LoggerFactory.getLogger(LegsOnRecord.class);

    private final CallActions actions;

    LegsOnRecord(CallActions actions) {
        this.actions = actions;
    }

    static boolean bothConnected(SmaEvent event) {
        return connected(event.legA()).isPresent() && connected(event.legB()).isPresent();
    }

    /**
     * An ACTION_SUCCESSFUL or ACTION_FAILED whose attributes carry no phase of this Lambda: keep the call
     * up when both legs are, otherwise hang up the leg left on its own (the caller first hears the apology).
     */
    Decision unplaced(SmaEvent event, CallAttributes attrs) {
        String what = event.invocationEventType() + " of "
                + event.action().map(ActionData::type).filter(t -> !t.isEmpty()).orElse("an action");
        Optional<Participant> legA = connected(event.legA());
        Optional<Participant> legB = connected(event.legB());
        if (legA.isPresent() && legB.isPresent()) {
            log.warn(
                    "{} with no call state of this Lambda in its attributes; both legs are connected, keeping"
                            + " the call up",
                    what);
            return Decision.of(
                    List.of(), attrs.withPhase(Phase.BRIDGED), CallState.CONNECTED, what + " unplaced: both legs up");
        }
        if (legA.isPresent()) {
            log.warn(
                    "{} with no call state of this Lambda in its attributes and only the caller connected;"
                            + " apologising and hanging up the orphaned caller",
                    what);
            return Decision.of(
                    actions.apologyAndHangup(legA.get()),
                    attrs.endingBecause(what + " unplaced: caller left alone"),
                    null,
                    what + " unplaced: caller left alone");
        }
        if (legB.isPresent()) {
            log.warn(
                    "{} with no call state of this Lambda in its attributes and only LEG-B connected; hanging"
                            + " up the orphaned leg",
                    what);
            return Decision.of(
                    List.of(Hangup.callId(legB.get().callId(), 0)),
                    attrs.endingBecause(what + " unplaced: LEG-B left alone"),
                    null,
                    what + " unplaced: LEG-B left alone");
        }
        log.warn("{} with no call state of this Lambda in its attributes and no connected leg; nothing to do", what);
        return Decision.nothing(what + " unplaced: no leg connected");
    }

    /** {@code decision}, unless it would bridge to the gateway a call whose two legs are already connected. */
    Decision neverBridgeAgain(SmaEvent event, CallAttributes attrs, Decision decision) {
        boolean bridges = decision.actions().stream().anyMatch(LegsOnRecord::bridgesToVoiceConnector);
        if (!bridges || !bothConnected(event)) {
            return decision;
        }
        log.warn(
                "would bridge to the gateway again ({}), but the event shows both legs connected; keeping the"
                        + " call up instead",
                decision.reason());
        return Decision.of(
                List.of(),
                attrs.withPhase(Phase.BRIDGED),
                CallState.CONNECTED,
                "both legs connected: not bridging again");
    }

    private static boolean bridgesToVoiceConnector(SmaAction action) {
        return action instanceof CallAndBridge bridge
                && bridge.endpoints().stream().anyMatch(e -> e.bridgeEndpointType() == BridgeEndpointType.AWS);
    }

    private static Optional<Participant> connected(Optional<Participant> leg) {
        return leg.filter(p -> p.callId() != null && p.isConnected());
    }
}
