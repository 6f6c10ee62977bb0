package dev.voicebridge.gateway.call;

import org.slf4j.MDC;

/**
 * Puts a call's id in the logging context for one piece of work. Work on a call runs on shared
 * threads (Netty event loops, the media clock, the SIP stack), so the id is set around each piece
 * and the thread's previous value restored afterwards, never left behind for the next call.
 */
public final class CallLogContext {

    /** The MDC key every log line of a call carries. */
    public static final String CALL_ID = "callId";

    private CallLogContext() {}

    public static void run(String callId, Runnable work) {
        String previous = MDC.get(CALL_ID);
        MDC.put(CALL_ID, callId);
        try {
            work.run();
        } finally {
            if (previous == null) {
                MDC.remove(CALL_ID);
            } else {
                MDC.put(CALL_ID, previous);
            }
        }
    }
}
