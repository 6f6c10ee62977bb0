package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.model.BridgeHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;

/**
 * Ties an INVITE from the Voice Connector to the SMA call that bridged it. The SMA Lambda puts the
 * SMA TransactionId, the caller's number and the SMA id in X- headers on CallAndBridge; the
 * TransactionId becomes the call id, so the Lambda, the gateway and the call registry all name the
 * call the same way and hang-up and transfer can reach the SMA. Calls without the headers (a SIP
 * trunk pointed straight at the gateway) are named by their SIP Call-ID.
 */
final class CallCorrelation {

    /** Attribute keys besides the X- headers (which keep their names). */
    static final String SIP_CALL_ID = "sip.callId";

    static final String SIP_TRANSPORT = "sip.transport";
    static final String SIP_SOURCE = "sip.source";

    private static final List<String> KNOWN = List.of(
            BridgeHeaders.TRANSACTION_ID,
            BridgeHeaders.CALLER,
            BridgeHeaders.SMA_ID,
            BridgeHeaders.PROFILE,
            BridgeHeaders.CALLED_NUMBER);
    private static final int MAX_X_HEADERS = 20;
    private static final int MAX_VALUE_CHARS = 256;

    private CallCorrelation() {}

    static CallSetup setupFor(Request invite, String transport, String source) {
        Map<String, String> attributes = new LinkedHashMap<>();
        ListIterator<String> names = invite.getHeaderNames();
        while (names.hasNext() && attributes.size() < MAX_X_HEADERS) {
            String name = names.next();
            if (name.regionMatches(true, 0, "X-", 0, 2)) {
                Header header = invite.getHeader(name);
                String value = headerValue(header);
                if (value != null && !value.isBlank() && value.length() <= MAX_VALUE_CHARS) {
                    attributes.put(canonical(name), value.strip());
                }
            }
        }
        String sipCallId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
        attributes.put(SIP_CALL_ID, sipCallId);
        attributes.put(SIP_TRANSPORT, transport);
        attributes.put(SIP_SOURCE, source);

        String transactionId = attributes.get(BridgeHeaders.TRANSACTION_ID);
        if (transactionId != null && !CallSetup.isSafeId(transactionId)) {
            // Never let a header value we cannot trust become the id every log line carries.
            attributes.remove(BridgeHeaders.TRANSACTION_ID);
            transactionId = null;
        }
        String callId = transactionId != null ? transactionId : sipCallIdAsCallId(sipCallId);
        String from = attributes.getOrDefault(
                BridgeHeaders.CALLER,
                userOf(((FromHeader) invite.getHeader(FromHeader.NAME))
                        .getAddress()
                        .getURI()));
        String to = userOf(invite.getRequestURI());
        return new CallSetup(callId, CallSetup.Transport.SIP, transactionId, from, to, attributes);
    }

    private static String sipCallIdAsCallId(String sipCallId) {
        if (CallSetup.isSafeId(sipCallId)) {
            return sipCallId;
        }
        return "sip-" + Integer.toHexString(sipCallId.hashCode()) + "-" + Long.toHexString(System.nanoTime());
    }

    private static String canonical(String name) {
        for (String known : KNOWN) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return name;
    }

    private static String headerValue(Header header) {
        if (header == null) {
            return null;
        }
        String text = header.toString();
        int colon = text.indexOf(':');
        return colon < 0 ? null : text.substring(colon + 1).strip();
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser() != null ? sip.getUser() : sip.getHost();
        }
        return uri == null ? null : uri.toString();
    }
}
