package dev.voicebridge.gateway.sip;

import gov.nist.javax.sip.TransactionExt;
import java.util.Locale;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the server transaction a request is answered on, and answers the simple cases. Shared by the
 * dispatcher and both handlers. Stateless; runs on JAIN-SIP worker threads only.
 */
final class ServerTransactions {

    private static final Logger log = LoggerFactory.getLogger(ServerTransactions.class);

    private final SipProvider provider;
    private final SipMessages messages;

    ServerTransactions(SipProvider provider, SipMessages messages) {
        this.provider = provider;
        this.messages = messages;
    }

    /**
     * The request's server transaction, created if the stack has none yet; null when there is
     * nothing to answer on (a retransmission, or a request already refused with 400 here).
     */
    ServerTransaction of(RequestEvent event) {
        ServerTransaction tx = event.getServerTransaction();
        if (tx != null) {
            return tx;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            return null; // a retransmission: the existing transaction answers it
        } catch (TransactionUnavailableException e) {
            // The stack refuses requests missing mandatory headers (Contact on INVITE, Max-Forwards...):
            // say so statelessly, RFC 3261 8.2.2 / RFC 4475 3.1.2.
            log.info("Bad {}: {}", event.getRequest().getMethod(), e.getMessage());
            try {
                Response bad = messages.response(Response.BAD_REQUEST, event.getRequest());
                bad.setReasonPhrase(
                        e.getMessage() == null ? "Bad Request" : e.getMessage().replaceAll("[^\\x20-\\x7E]", "?"));
                provider.sendResponse(bad);
            } catch (Exception sendFailure) {
                log.debug("Could not answer 400: {}", sendFailure.toString());
            }
            return null;
        } catch (Exception e) {
            log.warn("No server transaction for {}: {}", event.getRequest().getMethod(), e.toString());
            return null;
        }
    }

    /**
     * The transport ({@code udp}, {@code tcp}, {@code tls}) of the connection or socket {@code tx}'s
     * request arrived on, i.e. of our listening point; never the Via, which the sender writes.
     */
    static String transportOf(ServerTransaction tx) {
        return ((TransactionExt) tx).getTransport().toLowerCase(Locale.ROOT);
    }

    /** Answers {@code status} with Allow and Accept, so the peer learns what we do take. */
    void respond(RequestEvent event, int status) {
        ServerTransaction tx = of(event);
        if (tx != null) {
            messages.send(tx, messages.withAllow(messages.response(status, event.getRequest())));
        }
    }
}
