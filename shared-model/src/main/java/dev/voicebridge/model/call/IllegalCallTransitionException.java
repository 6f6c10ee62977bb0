package dev.voicebridge.model.call;

/** A call was asked to move between two states the state machine does not connect. */
public class IllegalCallTransitionException extends IllegalStateException {

    private final String callId;
    private final CallState from;
    private final CallState to;

    public IllegalCallTransitionException(String callId, CallState from, CallState to) {
        super("call " + callId + " cannot go from " + from + " to " + to + " (allowed from " + from + ": "
                + (from.next().isEmpty() ? "none, it is final" : from.next()) + ")");
        this.callId = callId;
        this.from = from;
        this.to = to;
    }

    public String callId() {
        return callId;
    }

    public CallState from() {
        return from;
    }

    public CallState to() {
        return to;
    }
}
