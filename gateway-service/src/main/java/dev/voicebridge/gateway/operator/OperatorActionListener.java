package dev.voicebridge.gateway.operator;

/**
 * Told about every operator action once it is done (and logged): the hook through which the call
 * events ({@code operator.action}) learn about them. Called on WebSocket event loops and Reactor
 * workers; implementations must not block.
 */
@FunctionalInterface
public interface OperatorActionListener {

    /** Does nothing: the default until call events are wired in. */
    OperatorActionListener NONE = (callId, action, by, detail) -> {};

    /**
     * @param callId the gateway's call id
     * @param action listen, talk, mode, hangup or transfer
     * @param by     the authenticated principal's name
     * @param detail on/off, the mode, the transfer target; null for hangup
     */
    void action(String callId, String action, String by, String detail);
}
