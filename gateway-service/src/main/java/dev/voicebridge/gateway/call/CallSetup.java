package dev.voicebridge.gateway.call;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a transport knows about a new call when it asks for a session.
 *
 * @param callId           the gateway's id for the call; every log line of the call carries it
 * @param transport        how the caller's audio arrives
 * @param smaTransactionId the Chime SMA TransactionId (from the bridge's X- header), or null when
 *                         the call did not come through an SMA; hang-up and transfer need it
 * @param from             the caller's number or URI, or null
 * @param to               the called number or URI, or null
 * @param attributes       transport-specific extras (SIP X- headers, WebSocket customParameters)
 */
public record CallSetup(
        String callId,
        Transport transport,
        String smaTransactionId,
        String from,
        String to,
        Map<String, String> attributes) {

    /**
     * What a call id or SMA transaction id from outside may look like before every log line of a call
     * carries it and the admin API is asked for it: no line breaks, no separators, a bounded length.
     */
    public static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:@+\\-]{1,128}");

    /** The rule of {@link #SAFE_ID}, in words for a refusal. */
    public static final String SAFE_ID_RULE = "1-128 characters of A-Z a-z 0-9 . _ : @ + -";

    public static boolean isSafeId(String id) {
        return id != null && SAFE_ID.matcher(id).matches();
    }

    public enum Transport {
        SIP,
        WEBSOCKET
    }

    public CallSetup {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("callId must be set");
        }
        if (transport == null) {
            throw new IllegalArgumentException("transport must be set");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
