package dev.voicebridge.sma.flow;

import dev.voicebridge.model.SmaResponse;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.call.CallState;
import java.util.List;

/**
 * What the Lambda answers to one event, and what it tells the call registry.
 *
 * @param actions     at most 10; empty = nothing to do (the call keeps whatever is running)
 * @param attributes  the full TransactionAttributes to store, or null to leave the stored ones alone
 * @param target      the call state this event moves the call to, or null for no move
 * @param reason      why, for the call's history (never a secret)
 */
public record Decision(List<SmaAction> actions, CallAttributes attributes, CallState target, String reason) {

    public Decision {
        actions = List.copyOf(actions);
    }

    /** Nothing to do and nothing to remember: {@code "Actions": []}. */
    public static Decision nothing(String reason) {
        return new Decision(List.of(), null, null, reason);
    }

    public static Decision of(List<SmaAction> actions, CallAttributes attributes, CallState target, String reason) {
        return new Decision(actions, attributes, target, reason);
    }

    public SmaResponse toResponse() {
        SmaResponse response = SmaResponse.of(actions);
        return attributes == null ? response : response.withTransactionAttributes(attributes.toMap());
    }
}
