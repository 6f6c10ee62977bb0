package dev.voicebridge.gateway.call;

/** A call the gateway will not take now; {@link #reason()} says why. */
public class CallRejectedException extends Exception {

    public enum Reason {
        DRAINING,
        AT_CAPACITY,
        /** A call with this id is live on this gateway already: a client's mistake or a replay. */
        DUPLICATE_CALL_ID
    }

    private final Reason reason;

    public CallRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
