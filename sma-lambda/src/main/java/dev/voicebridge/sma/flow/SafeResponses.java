package dev.voicebridge.sma.flow;

import dev.voicebridge.model.SmaResponse;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.event.InvocationEventType;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.sma.config.SmaLambdaProperties;
import java.util.List;
import java.util.Optional;

/**
 * Answers for when the normal path cannot be trusted: an event that cannot be read, a bug, or the SMA telling
 * us it rejected our last answer. They carry no TransactionAttributes (the stored ones stay as they are, and
 * an oversized attribute set cannot be rejected twice) and only actions that cannot themselves be invalid.
 */
public final class SafeResponses {

    private final CallActions actions;
    private final int failureCode;

    public SafeResponses(SmaLambdaProperties config) {
        this.actions = new CallActions(config);
        this.failureCode = config.failure().sipResponseCode();
    }

    /** An event we could not read: {@code "Actions": []}, which changes nothing on the call. */
    public static SmaResponse unreadableEvent() {
        return SmaResponse.empty();
    }

    /**
     * The SMA rejected our previous answer. A call that is up stays up with no actions. A call that never got
     * connected is hung up (SIP code as configured) rather than left ringing for 30 s or retried into the same
     * rejection.
     */
    public SmaResponse afterRejectedResponse(SmaEvent event) {
        CallAttributes attrs = CallAttributes.of(event);
        Optional<Participant> legA = CallController.connectedLegA(event);
        if (attrs.established() || legA.isEmpty()) {
            return SmaResponse.empty();
        }
        return SmaResponse.of(Hangup.callId(legA.get().callId(), failureCode));
    }

    /**
     * Our own code failed. A call that is just arriving or was just answered gets the apology and a hang-up
     * (instead of 30 s of ringing); a call in progress keeps going untouched.
     */
    public SmaResponse afterInternalError(SmaEvent event) {
        InvocationEventType type = event.invocationEventType();
        Optional<Participant> legA = CallController.connectedLegA(event);
        boolean arriving = type == InvocationEventType.NEW_INBOUND_CALL || type == InvocationEventType.CALL_ANSWERED;
        if (!arriving || legA.isEmpty()) {
            return SmaResponse.empty();
        }
        try {
            List<SmaAction> apology = actions.apologyAndHangup(legA.get());
            return SmaResponse.of(apology);
        } catch (RuntimeException e) {
            return SmaResponse.of(Hangup.callId(legA.get().callId(), failureCode));
        }
    }
}
