package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.call.CallSession;
import java.util.Optional;

/**
 * Finds a live call this gateway carries, by gateway call id or SMA transaction id. The admin
 * layer, which tracks calls, provides it. Any thread; never blocks.
 */
@FunctionalInterface
public interface LiveCalls {

    /** The call's session, unless it is unknown here or has ended. */
    Optional<CallSession> find(String id);
}
