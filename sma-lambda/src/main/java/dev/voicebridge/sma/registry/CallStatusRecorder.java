package dev.voicebridge.sma.registry;

import dev.voicebridge.model.action.ParticipantTag;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegState;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.ParticipantStatus;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.sma.flow.CallAttributes;
import dev.voicebridge.sma.flow.Decision;
import dev.voicebridge.sma.flow.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what one event did to the call-status record: the state the call moved to (when the state machine
 * allows it from what the registry holds) and the state of each leg. A registry that fails or is slow never
 * changes the answer to the SMA: its errors are logged and the call goes on.
 */
public final class CallStatusRecorder {

    private static final Logger log = LoggerFactory.getLogger(CallStatusRecorder.class);

    private final CallRegistry registry;
    private final Clock clock;

    public CallStatusRecorder(CallRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    public void record(SmaEvent event, Decision decision) {
        String callId = event.transactionId();
        if (callId == null || callId.isBlank()) {
            return;
        }
        Instant now = clock.instant();
        CallAttributes attrs = decision.attributes() != null ? decision.attributes() : CallAttributes.of(event);
        try {
            registry.update(callId, status -> apply(status, event, decision, attrs, now), () -> started(event, now));
        } catch (RuntimeException e) {
            log.warn("call registry update failed, the call goes on unaffected: {}", e.toString());
        }
    }

    private static CallStatus started(SmaEvent event, Instant now) {
        Optional<Participant> legA = event.legA();
        return CallStatus.started(
                event.transactionId(),
                event.callDetails().sipMediaApplicationId(),
                legA.map(Participant::from).orElse(null),
                legA.map(Participant::to).orElse(null),
                legA.map(Participant::direction).orElse(null),
                now);
    }

    private static CallStatus apply(
            CallStatus status, SmaEvent event, Decision decision, CallAttributes attrs, Instant now) {
        CallStatus next = status;
        CallState target = decision.target();
        if (target != null && (target != next.state() || target == CallState.BRIDGING)) {
            if (next.state().canMoveTo(target)) {
                next = next.transitionTo(target, now, decision.reason());
            } else {
                log.debug("call status stays {}: {} is not reachable from it", next.state(), target);
            }
        }
        for (Participant p : event.callDetails().participants()) {
            Optional<LegRole> role = role(p, attrs);
            if (p.callId() == null || role.isEmpty()) {
                continue;
            }
            LegState state = p.status() == ParticipantStatus.CONNECTED
                    ? LegState.CONNECTED
                    : p.status() == ParticipantStatus.DISCONNECTED ? LegState.DISCONNECTED : LegState.RINGING;
            LegStatus existing = next.legs().stream()
                    .filter(l -> l.legId().equals(p.callId()))
                    .findFirst()
                    .orElse(null);
            if (existing != null && existing.state() == state) {
                continue;
            }
            Instant started = existing != null
                    ? existing.startedAt()
                    : p.startTimeInMilliseconds() != null ? Instant.ofEpochMilli(p.startTimeInMilliseconds()) : now;
            next = next.withLeg(
                    new LegStatus(p.callId(), role.get(), state, started, state == LegState.DISCONNECTED ? now : null),
                    now);
        }
        return next;
    }

    /**
     * LEG-A is the PSTN party. LEG-B is the gateway leg, or the transfer leg once a transfer has released the
     * gateway leg. A meeting's LEG-B has no role in the shared model yet and is not recorded as a leg.
     */
    private static Optional<LegRole> role(Participant p, CallAttributes attrs) {
        if (p.participantTag() == ParticipantTag.LEG_A) {
            return Optional.of(LegRole.PSTN);
        }
        if (p.participantTag() != ParticipantTag.LEG_B) {
            return Optional.empty();
        }
        Phase phase = attrs.phase();
        boolean transferLeg = attrs.transferTo() != null
                && !attrs.hungUp().contains(p.callId())
                && (phase == Phase.TRANSFER_BRIDGING || phase == Phase.TRANSFERRED || phase == Phase.ENDING);
        if (transferLeg) {
            return Optional.of(LegRole.TRANSFER);
        }
        if (attrs.meetingId() != null) {
            return Optional.empty();
        }
        return Optional.of(LegRole.GATEWAY);
    }
}
