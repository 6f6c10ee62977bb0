package dev.voicebridge.gateway.realtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The function calls of one conversation: each runs exactly once (both output_item.done and
 * function_call_arguments.done announce it), and the model is asked to go on (response.create)
 * only when every tool of the turn has answered and no response is active. Not thread-safe: the
 * link's lock ({@link RealtimeLinks}) guards it.
 */
final class ToolTurns {

    private final Map<String, String> names = new HashMap<>();
    private final Set<String> dispatched = new HashSet<>();
    private int outstanding;
    private boolean responseOwed;

    /** output_item.added names a function before its arguments arrive. */
    void named(String callId, String name) {
        if (callId != null && name != null) {
            names.put(callId, name);
        }
    }

    /** The function to run now for {@code callId}, or null when it ran already or has no name yet. */
    String toRun(String callId, String name) {
        String known = name != null ? name : names.get(callId);
        if (callId == null || known == null || !dispatched.add(callId)) {
            return null;
        }
        outstanding++;
        return known;
    }

    /** A tool answered; {@code continueConversation} when the model should speak again. */
    void finished(boolean continueConversation) {
        outstanding = Math.max(0, outstanding - 1);
        responseOwed |= continueConversation;
    }

    /** True once when a response.create is owed and may be sent now. */
    boolean takeResponseCreate(boolean responseActive) {
        if (responseOwed && outstanding == 0 && !responseActive) {
            responseOwed = false;
            return true;
        }
        return false;
    }

    /** The session these calls belonged to is gone; their results cannot be delivered. */
    void reset() {
        outstanding = 0;
        responseOwed = false;
    }
}
