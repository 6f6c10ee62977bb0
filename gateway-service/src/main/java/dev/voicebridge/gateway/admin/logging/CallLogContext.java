package dev.voicebridge.gateway.admin.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which SMA transaction a gateway call id belongs to, so every JSON log line that carries the MDC
 * key {@code callId} also gets {@code smaTransactionId} (see {@link CallJsonMembers}) without each
 * call site having to put a second MDC key. Entries are removed a while after the call ended, so
 * its last lines still carry it.
 */
public final class CallLogContext {

    private static final Map<String, String> SMA_TRANSACTIONS = new ConcurrentHashMap<>();

    private CallLogContext() {}

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
}
