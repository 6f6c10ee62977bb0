package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.EndReason;
import java.util.List;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the responses and requests the gateway sends, so the UAS reads as decisions rather than
 * header plumbing. Every message carries a Server header; responses that refuse say why in a
 * Warning header, requests that end a call say why in a Reason header (RFC 3326).
 */
final class SipMessages {

    private static final Logger log = LoggerFactory.getLogger(SipMessages.class);

    private final MessageFactory messageFactory;
    private final HeaderFactory headerFactory;
    private final AddressFactory addressFactory;
    private final String advertisedAddress;
    private final int port;
    private final int tlsPort;
    private final String userAgent;

    SipMessages(
            MessageFactory messageFactory,
            HeaderFactory headerFactory,
            AddressFactory addressFactory,
            String advertisedAddress,
            int port,
            int tlsPort,
            String userAgent) {
        this.messageFactory = messageFactory;
        this.headerFactory = headerFactory;
        this.addressFactory = addressFactory;
        this.advertisedAddress = advertisedAddress;
        this.port = port;
        this.tlsPort = tlsPort;
        this.userAgent = userAgent;
    }

    String advertisedAddress() {
        return advertisedAddress;
    }

    Response response(int status, Request request) {
        try {
            Response response = messageFactory.createResponse(status, request);
            response.setHeader(headerFactory.createServerHeader(List.of(userAgent)));
            return response;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a " + status + " response", e);
        }
    }

    Response ringing(Request invite, String toTag, String transport) {
        Response response = tagged(response(Response.RINGING, invite), toTag);
        addContact(response, transport);
        return response;
    }

    Response ok(Request request, String toTag, String transport, String sdp) {
        Response response = withAllow(tagged(response(Response.OK, request), toTag));
        addContact(response, transport);
        if (sdp != null) {
            setSdp(response, sdp);
        }
        return response;
    }

    Response requestTerminated(Request invite, String toTag) {
        return tagged(response(Response.REQUEST_TERMINATED, invite), toTag);
    }

    Response unavailable(Request invite, String toTag, EndReason reason) {
        int status = reason == EndReason.DRAINED ? Response.SERVICE_UNAVAILABLE : Response.TEMPORARILY_UNAVAILABLE;
        Response response = tagged(response(status, invite), toTag);
        addReason(response, reason);
        return response;
    }

    Response serviceUnavailable(Request request, int retryAfterSeconds) {
        Response response = response(Response.SERVICE_UNAVAILABLE, request);
        try {
            response.setHeader(headerFactory.createRetryAfterHeader(retryAfterSeconds));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    Response notAcceptable(Request request, String why) {
        Response response = response(Response.NOT_ACCEPTABLE_HERE, request);
        try {
            response.setHeader(headerFactory.createWarningHeader(advertisedAddress, 399, quotable(why)));
        } catch (Exception e) {
            log.debug("Warning header not added: {}", e.toString());
        }
        return response;
    }

    Response unsupported(Request request, List<String> options) {
        Response response = response(Response.BAD_EXTENSION, request);
        try {
            for (String option : options) {
                response.addHeader(headerFactory.createUnsupportedHeader(option));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    Response withAllow(Response response) {
        try {
            response.setHeader(headerFactory.createAllowHeader(SipUas.ALLOW));
            response.setHeader(headerFactory.createAcceptHeader("application", "sdp"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    /** Adds a Reason header telling the Chime side why the gateway ended the call. */
    void addReason(Message message, EndReason reason) {
        int cause = switch (reason) {
            case MEDIA_TIMEOUT, TRANSPORT_ERROR -> 41; // temporary failure
            case AZURE_UNAVAILABLE, DRAINED -> 38; // network out of order
            default -> 16; // normal clearing
        };
        try {
            message.setHeader(headerFactory.createReasonHeader(
                    "Q.850", cause, reason.name().toLowerCase()));
        } catch (Exception e) {
            log.debug("Reason header not added: {}", e.toString());
        }
    }

    void send(ServerTransaction tx, Response response) {
        try {
            tx.sendResponse(response);
        } catch (Exception e) {
            log.warn("Could not send {} {}: {}", response.getStatusCode(), response.getReasonPhrase(), e.toString());
        }
    }

    private Response tagged(Response response, String toTag) {
        if (toTag == null) {
            return response;
        }
        try {
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(toTag);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private void addContact(Response response, String transport) {
        try {
            SipURI uri = addressFactory.createSipURI("voicebridge", hostForUri());
            // The Contact names the listener the request came in on: over TLS, in-dialog requests must stay on TLS.
            uri.setPort("tls".equalsIgnoreCase(transport) ? tlsPort : port);
            uri.setTransportParam(transport);
            Address address = addressFactory.createAddress(uri);
            response.setHeader(headerFactory.createContactHeader(address));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the Contact header", e);
        }
    }

    private void setSdp(Message message, String sdp) {
        try {
            message.setContent(sdp, headerFactory.createContentTypeHeader("application", "sdp"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach the SDP answer", e);
        }
    }

    private String hostForUri() {
        return advertisedAddress.contains(":") ? "[" + advertisedAddress + "]" : advertisedAddress;
    }

    private static String quotable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?").replace("\\", "/").replace("\"", "'");
        return clean.length() <= 200 ? clean : clean.substring(0, 200);
    }
}
