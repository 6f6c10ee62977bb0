package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.EndReason;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import java.nio.charset.StandardCharsets;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests inside a call the gateway admitted: ACK (which confirms the answer), BYE, CANCEL,
 * INFO, and re-INVITE or UPDATE (refresh, hold, resume, media move). A request whose dialog is not
 * ours, or no longer is, gets 481. {@code call} is null in that case: the dispatcher looked it up.
 *
 * <p>Threads: JAIN-SIP worker threads, inside the dispatcher's logging scope for the call. CANCEL
 * races the answer on {@link SipCall#transition}, BYE and the
 * rest race other endings on {@link SipCall#end()}: see {@link CallTeardown}.
 */
final class InDialogHandler {

    private static final Logger log = LoggerFactory.getLogger(InDialogHandler.class);

    private final SipMessages messages;
    private final OfferAnswer offers;
    private final ServerTransactions transactions;
    private final CallTeardown teardown;

    InDialogHandler(SipMessages messages, OfferAnswer offers, ServerTransactions transactions, CallTeardown teardown) {
        this.messages = messages;
        this.offers = offers;
        this.transactions = transactions;
        this.teardown = teardown;
    }

    void onAck(SipCall call) {
        if (call == null || !call.transition(SipCall.State.ANSWERED, SipCall.State.CONFIRMED)) {
            return; // ACK of a re-INVITE, of an error response, or a retransmission
        }
        log.info("Call confirmed by ACK");
    }

    /** A re-INVITE: with SDP a new offer, without it a refresh that our 200 answers with an offer. */
    void onReInvite(RequestEvent event, SipCall call) {
        ServerTransaction tx = transactions.of(event);
        if (tx == null) {
            return;
        }
        Request request = event.getRequest();
        if (call == null || call.state() == SipCall.State.ENDED) {
            messages.send(tx, messages.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        String sdp = offers.reoffer(call, request);
        if (sdp == null) {
            messages.send(tx, messages.notAcceptable(request, "the new offer cannot be carried; media unchanged"));
            return;
        }
        messages.send(tx, messages.ok(request, null, call.transport, sdp));
    }

    /** An UPDATE: with SDP a new offer, without it a session-timer refresh answered without a body. */
    void onUpdate(RequestEvent event, SipCall call) {
        ServerTransaction tx = transactions.of(event);
        if (tx == null) {
            return;
        }
        Request request = event.getRequest();
        if (call == null || call.state() == SipCall.State.ENDED) {
            messages.send(tx, messages.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        if (OfferAnswer.sdpBody(request) == null) {
            messages.send(tx, messages.ok(request, null, call.transport, null));
            return;
        }
        String sdp = offers.reoffer(call, request);
        messages.send(
                tx,
                sdp == null
                        ? messages.notAcceptable(request, "the new offer cannot be carried; media unchanged")
                        : messages.ok(request, null, call.transport, sdp));
    }

    void onBye(RequestEvent event, SipCall call) {
        if (accept(event, call) == null) {
            return;
        }
        log.info("Caller hung up (BYE)");
        teardown.finish(call, EndReason.CALLER_HANGUP, true);
    }

    /** CANCEL: 200 to it always; 487 to the INVITE only if it wins the race against our answer. */
    void onCancel(RequestEvent event, SipCall call) {
        ServerTransaction tx = accept(event, call);
        if (tx == null) {
            return;
        }
        if (call.transition(SipCall.State.RINGING, SipCall.State.ENDED)) {
            ServerTransaction invite =
                    tx instanceof SIPServerTransaction st && st.getCanceledInviteTransaction() != null
                            ? st.getCanceledInviteTransaction()
                            : call.inviteTransaction;
            messages.send(invite, messages.requestTerminated(call.invite, call.toTag));
            log.info("Caller cancelled before answer (487)");
            teardown.release(call, EndReason.CALLER_HANGUP, true);
        }
    }

    void onInfo(RequestEvent event, SipCall call) {
        if (accept(event, call) == null) {
            return;
        }
        ContentTypeHeader type = (ContentTypeHeader) event.getRequest().getHeader(ContentTypeHeader.NAME);
        byte[] body = event.getRequest().getRawContent();
        if (type != null && "dtmf-relay".equalsIgnoreCase(type.getContentSubType()) && body != null) {
            // Legacy SIP INFO DTMF ("Signal=5"); RFC 4733 in RTP is what Chime sends.
            for (String line : new String(body, StandardCharsets.US_ASCII).split("\r?\n")) {
                String[] kv = line.split("=", 2);
                if (kv.length == 2
                        && kv[0].strip().equalsIgnoreCase("Signal")
                        && kv[1].strip().length() == 1) {
                    call.onDtmf(kv[1].strip().charAt(0));
                }
            }
        }
    }

    /**
     * Answers BYE, CANCEL or INFO: 481 when the dialog is unknown, 200 otherwise. Returns the
     * transaction when the request was for a call of ours, else null.
     */
    private ServerTransaction accept(RequestEvent event, SipCall call) {
        ServerTransaction tx = transactions.of(event);
        if (tx == null) {
            return null;
        }
        if (call == null) {
            messages.send(tx, messages.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, event.getRequest()));
            return null;
        }
        messages.send(tx, messages.response(Response.OK, event.getRequest()));
        return tx;
    }
}
