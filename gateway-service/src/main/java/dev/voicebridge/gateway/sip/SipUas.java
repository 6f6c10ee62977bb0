package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.rtp.RtpMedia;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-agent server: the JAIN-SIP listener, which looks up the call a request belongs to and
 * hands it on. New INVITEs go to {@link CallAdmission}, requests inside a call to
 * {@link InDialogHandler}, endings to {@link CallTeardown}; OPTIONS and methods we do not take are
 * answered here. JAIN-SIP does parsing, transactions, retransmissions (including the 200 OK until
 * the ACK) and dialog matching.
 *
 * <p>Threads: every listener method runs on a JAIN-SIP worker thread (the stack is reentrant, so
 * several at once, even for one call) and must not block. Each request is handled inside a logging
 * scope named after its call, and one failing request is answered 500 without touching the others.
 * This class keeps no state of its own beyond the wiring; the live calls are in {@link SipDialogs}.
 */
final class SipUas implements SipListenerExt {

    private static final Logger log = LoggerFactory.getLogger(SipUas.class);
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE";
    private static final List<String> NOT_ALLOWED =
            List.of("REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "REFER", "PRACK");

    private final CallSessions sessions;
    private final SipDialogs dialogs = new SipDialogs();
    private final SipStats stats = new SipStats();
    private final ServerTransactions transactions;
    private final CallTeardown teardown;
    private final CallAdmission admission;
    private final InDialogHandler inDialog;

    SipUas(
            SipProperties properties,
            CallSessions sessions,
            RtpMedia media,
            ScheduledExecutorService timers,
            SipProvider provider,
            SipMessages messages) {
        this.sessions = sessions;
        OfferAnswer offers = new OfferAnswer(
                new SdpNegotiator(properties.codecs()),
                CidrAllowlist.of(properties.allowedCidrs()),
                messages.advertisedAddress(),
                properties.requireSrtp());
        this.transactions = new ServerTransactions(provider, messages);
        this.teardown = new CallTeardown(dialogs, stats, messages, provider);
        this.admission = new CallAdmission(
                properties, sessions, media, timers, dialogs, stats, messages, offers, transactions, teardown);
        this.inDialog = new InDialogHandler(messages, offers, transactions, teardown);
    }

    SipStats stats() {
        return stats;
    }

    int activeCalls() {
        return dialogs.size();
    }

    Collection<SipCall> calls() {
        return dialogs.snapshot();
    }

    /** Ends a call from the gateway side; see {@link CallTeardown#end}. */
    void end(SipCall call, EndReason reason, boolean notify) {
        teardown.end(call, reason, notify);
    }

    // --- requests ---

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String sipCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        SipCall call = dialogs.get(sipCallId);
        try (var scope = CallLogContext.open(call == null ? null : call.callId())) {
            switch (request.getMethod()) {
                case Request.INVITE -> {
                    if (hasToTag(request)) {
                        inDialog.onReInvite(event, call);
                    } else {
                        admission.onInvite(event, sipCallId);
                    }
                }
                case Request.ACK -> inDialog.onAck(call);
                case Request.BYE -> inDialog.onBye(event, call);
                case Request.CANCEL -> inDialog.onCancel(event, call);
                case Request.OPTIONS -> onOptions(event);
                case Request.INFO -> inDialog.onInfo(event, call);
                case Request.UPDATE -> inDialog.onUpdate(event, call);
                default -> {
                    int status = NOT_ALLOWED.contains(request.getMethod())
                            ? Response.METHOD_NOT_ALLOWED
                            : Response.NOT_IMPLEMENTED;
                    transactions.respond(event, status);
                }
            }
        } catch (RuntimeException e) {
            // One bad request must not take anything else down: answer 500 if we still can.
            log.error("Failed to handle {} (SIP Call-ID {})", request.getMethod(), sipCallId, e);
            if (!Request.ACK.equals(request.getMethod())) {
                transactions.respond(event, Response.SERVER_INTERNAL_ERROR);
            }
        }
    }

    private void onOptions(RequestEvent event) {
        // Voice Connector health pings: while draining, 503 steers new calls to other routes.
        transactions.respond(event, sessions.accepting() ? Response.OK : Response.SERVICE_UNAVAILABLE);
    }

    // --- stack events ---

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        if (response.getStatusCode() >= 300) {
            log.debug("{} response {} to our request", response.getStatusCode(), response.getReasonPhrase());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        log.debug("SIP transaction timed out ({})", event.getTimeout());
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        SipCall call = dialogs.of(event.getDialog());
        if (call != null) {
            CallLogContext.run(
                    call.callId(), () -> log.warn("No ACK for our 200 OK ({}): ending the call", event.getReason()));
            teardown.end(call, EndReason.TRANSPORT_ERROR, true);
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        SipCall call = dialogs.of(event.getDialog());
        if (call != null && call.state() != SipCall.State.ENDED && call.state() != SipCall.State.RINGING) {
            CallLogContext.run(call.callId(), () -> log.warn("SIP stack terminated the dialog"));
            teardown.finish(call, EndReason.TRANSPORT_ERROR, true);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.warn("SIP I/O error towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Nothing held per transaction beyond what the dialog keeps.
    }

    private static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }
}
