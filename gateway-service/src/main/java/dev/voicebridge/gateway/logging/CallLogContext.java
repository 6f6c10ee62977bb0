package dev.voicebridge.gateway.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;

/**
 * The call id in the logging context, the one place its MDC key is named. Work on a call runs on
 * shared threads (Netty event loops, the media clock, the SIP stack, Reactor workers), so the id is
 * set around each piece of work and the thread's previous value restored afterwards, never left
 * behind for the next call. It also remembers which SMA transaction each live call belongs to, so
 * {@link CallJsonMembers} can add {@code smaTransactionId} to every JSON line without a second MDC
 * key at each call site. Safe from any thread.
 */
public final class CallLogContext {

    /** The MDC key every log line of a call carries. */
    public static final String CALL_ID = "callId";

    private static final Map<String, String> SMA_TRANSACTIONS = new ConcurrentHashMap<>();

    private CallLogContext() {}

    /** Runs {@code work} with {@code callId} in the MDC. */
    public static void run(String callId, Runnable work) {
        try (Scope ignored = open(callId)) {
            work.run();
        }
    }

    /** Puts {@code callId} in the MDC until the scope is closed, then restores what was there. */
    public static Scope open(String callId) {
        String previous = MDC.get(CALL_ID);
        if (callId == null) {
            MDC.remove(CALL_ID);
        } else {
            MDC.put(CALL_ID, callId);
        }
        return new Scope(previous);
    }

    /**
     * Names the call for the rest of a piece of work whose id was not known when its scope opened
     * (a new INVITE, a WebSocket's start message); the enclosing {@link Scope} still restores it.
     */
    public static void set(String callId) {
        MDC.put(CALL_ID, callId);
    }

    /** The call id in this thread's MDC, or null. */
    public static String current() {
        return MDC.get(CALL_ID);
    }

    public static void register(String callId, String smaTransactionId) {
        if (callId != null && smaTransactionId != null && !smaTransactionId.isBlank()) {
            SMA_TRANSACTIONS.put(callId, smaTransactionId);
        }
    }

    public static void forget(String callId) {
        if (callId != null) {
            SMA_TRANSACTIONS.remove(callId);
        }
    }

    /** The SMA transaction id of {@code callId}, or null. */
    public static String smaTransactionId(String callId) {
        return callId == null ? null : SMA_TRANSACTIONS.get(callId);
    }

    /** Restores the thread's previous call id when closed. */
    public static final class Scope implements AutoCloseable {
        private final String previous;

        private Scope(String previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                MDC.remove(CALL_ID);
            } else {
                MDC.put(CALL_ID, previous);
            }
        }
    }
}
