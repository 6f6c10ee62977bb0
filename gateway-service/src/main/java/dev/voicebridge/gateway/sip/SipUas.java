package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallLegListener;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.rtp.RtpMedia;
import dev.voicebridge.gateway.rtp.RtpPortsExhaustedException;
import dev.voicebridge.gateway.rtp.RtpSession;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import dev.voicebridge.gateway.sip.sdp.SessionDescription;
import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-agent server: answers the Voice Connector's INVITEs, runs each dialog to its end and
 * hands confirmed calls to the {@link CallSessions}. JAIN-SIP does parsing, transactions,
 * retransmissions (including the 200 OK until the ACK) and dialog matching; this class decides
 * what to answer. Listener methods run on SIP stack threads and never block.
 */
final class SipUas implements SipListenerExt {

    private static final Logger log = LoggerFactory.getLogger(SipUas.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE";
    private static final List<String> NOT_ALLOWED =
            List.of("REGISTER", "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "REFER", "PRACK");

    private final SipProperties properties;
    private final CallSessions sessions;
    private final RtpMedia media;
    private final ScheduledExecutorService timers;
    private final Executor sessionStarter;
    private final SipDialogs dialogs = new SipDialogs();
    private final SipStats stats = new SipStats();
    private SipMessages messages;
    private OfferAnswer offers;
    private ServerTransactions transactions;
    private CallTeardown teardown;

    SipUas(
            SipProperties properties,
            CallSessions sessions,
            RtpMedia media,
            ScheduledExecutorService timers,
            Executor sessionStarter) {
        this.properties = properties;
        this.sessions = sessions;
        this.media = media;
        this.timers = timers;
        this.sessionStarter = sessionStarter;
    }

    void attach(SipProvider provider, SipMessages messages) {
        this.messages = messages;
        this.transactions = new ServerTransactions(provider, messages);
        this.teardown = new CallTeardown(dialogs, stats, messages, provider);
        this.offers = new OfferAnswer(
                new SdpNegotiator(properties.codecs()),
                CidrAllowlist.of(properties.allowedCidrs()),
                messages.advertisedAddress());
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
                        onReInvite(event, call);
                    } else {
                        onInvite(event, sipCallId);
                    }
                }
                case Request.ACK -> onAck(call);
                case Request.BYE -> onBye(event, call);
                case Request.CANCEL -> onCancel(event, call);
                case Request.OPTIONS -> onOptions(event);
                case Request.INFO -> onInfo(event, call);
                case Request.UPDATE -> onUpdate(event, call);
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

    private void onInvite(RequestEvent event, String sipCallId) {
        Request invite = event.getRequest();
        if (dialogs.contains(sipCallId)) {
            return; // A retransmission the stack did not absorb (e.g. over a new TCP connection).
        }
        ServerTransaction tx = transactions.of(event);
        if (tx == null) {
            return;
        }
        messages.send(tx, messages.response(Response.TRYING, invite));
        ListIterator<?> required = invite.getHeaders(RequireHeader.NAME);
        if (required.hasNext()) {
            List<String> options = new ArrayList<>();
            required.forEachRemaining(h -> options.add(((RequireHeader) h).getOptionTag()));
            log.info("Refusing INVITE {}: Require {} is not supported", sipCallId, options);
            refuse(tx, messages.unsupported(invite, options));
            return;
        }
        if (!sessions.accepting() || dialogs.size() >= properties.maxDialogs()) {
            log.warn(
                    "Refusing INVITE {}: {}",
                    sipCallId,
                    sessions.accepting()
                            ? "at voicebridge.sip.max-dialogs " + properties.maxDialogs()
                            : "the gateway is not accepting calls");
            refuse(tx, messages.serviceUnavailable(invite, 30));
            return;
        }
        OfferAnswer.Outcome outcome = offers.initialOffer(invite);
        if (outcome instanceof OfferAnswer.Outcome.Refused(String reason)) {
            log.info("Refusing INVITE {}: {}", sipCallId, reason);
            refuse(tx, messages.notAcceptable(invite, reason));
            return;
        }
        SessionDescription offer = ((OfferAnswer.Outcome.Answerable) outcome).offer();
        SdpNegotiator.Result.Accepted accepted = ((OfferAnswer.Outcome.Answerable) outcome).accepted();
        String transport = transportOf(invite);
        InetAddress source = ((SIPMessage) invite).getPeerPacketSourceAddress();
        CallSetup setup = CallCorrelation.setupFor(
                invite,
                transport,
                source == null ? "" : source.getHostAddress() + ":" + ((SIPMessage) invite).getPeerPacketSourcePort());
        CallLogContext.set(setup.callId());
        RtpSession rtp;
        try {
            rtp = media.open(setup.callId());
        } catch (RtpPortsExhaustedException e) {
            log.warn("Refusing INVITE: {}", e.getMessage());
            refuse(tx, messages.serviceUnavailable(invite, 5));
            return;
        }
        String toTag = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        SipCall call = new SipCall(
                teardown,
                setup,
                sipCallId,
                transport,
                invite,
                tx,
                toTag,
                rtp,
                accepted.codec(),
                OfferAnswer.remoteMedia(accepted),
                RANDOM.nextInt(Integer.MAX_VALUE));
        dialogs.add(call);
        log.info(
                "INVITE from {} to {} (SIP Call-ID {}, {}, SMA transaction {}): answering with {} on RTP port {}",
                setup.from(),
                setup.to(),
                sipCallId,
                transport,
                setup.smaTransactionId(),
                accepted.codec().format().encoding(),
                rtp.localPort());
        messages.send(tx, messages.ringing(invite, toTag, transport));
        call.dialog(tx.getDialog());
        if (properties.answerDelay().isZero()) {
            answer(call, offer, accepted);
        } else {
            call.answerTimer(timers.schedule(
                    () -> withCallId(call, () -> answer(call, offer, accepted)),
                    properties.answerDelay().toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private void answer(SipCall call, SessionDescription offer, SdpNegotiator.Result.Accepted accepted) {
        if (!call.transition(SipCall.State.RINGING, SipCall.State.ANSWERED)) {
            return; // cancelled or ended while ringing
        }
        String sdp = offers.answer(call, offer, accepted);
        // Media may flow as soon as the caller has our answer, before its ACK reaches us: be ready first.
        call.rtp.start(call.codec, call.remote(), call);
        messages.send(call.inviteTransaction, messages.ok(call.invite, call.toTag, call.transport, sdp));
        call.dialog(call.inviteTransaction.getDialog());
        stats.answered();
        log.info("Answered with 200 OK; waiting for ACK");
    }

    private void onAck(SipCall call) {
        if (call == null || !call.transition(SipCall.State.ANSWERED, SipCall.State.CONFIRMED)) {
            return; // ACK of a re-INVITE, of an error response, or a retransmission
        }
        // Starting a session may take a while (it reaches Azure); the SIP stack's threads must not wait.
        sessionStarter.execute(() -> withCallId(call, () -> openSession(call)));
    }

    private void openSession(SipCall call) {
        CallLegListener listener;
        try {
            listener = sessions.open(call.setup, call);
        } catch (CallRejectedException e) {
            log.warn("Call session refused the call after answer ({}): hanging up", e.reason());
            teardown.end(call, EndReason.TRANSPORT_ERROR, false);
            return;
        } catch (RuntimeException e) {
            log.error("Call session failed to start: hanging up", e);
            teardown.end(call, EndReason.TRANSPORT_ERROR, false);
            return;
        }
        call.listener(listener);
        log.info("Call confirmed by ACK; session started");
    }

    private void onReInvite(RequestEvent event, SipCall call) {
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

    private void onUpdate(RequestEvent event, SipCall call) {
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
            messages.send(tx, messages.ok(request, null, call.transport, null)); // a session-timer refresh
            return;
        }
        String sdp = offers.reoffer(call, request);
        messages.send(
                tx,
                sdp == null
                        ? messages.notAcceptable(request, "the new offer cannot be carried; media unchanged")
                        : messages.ok(request, null, call.transport, sdp));
    }

    /**
     * Answers a request inside a dialog (BYE, CANCEL, INFO): 481 when the dialog is unknown, 200
     * otherwise. Returns the transaction when the request was for a call of ours, else null.
     */
    private ServerTransaction acceptInDialog(RequestEvent event, SipCall call) {
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

    private void onBye(RequestEvent event, SipCall call) {
        if (acceptInDialog(event, call) == null) {
            return;
        }
        log.info("Caller hung up (BYE)");
        teardown.finish(call, EndReason.CALLER_HANGUP, true);
    }

    private void onCancel(RequestEvent event, SipCall call) {
        ServerTransaction tx = acceptInDialog(event, call);
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
            teardown.release(call, EndReason.CALLER_HANGUP, false);
        }
    }

    private void onOptions(RequestEvent event) {
        // Voice Connector health pings: while draining, 503 steers new calls to other routes.
        transactions.respond(event, sessions.accepting() ? Response.OK : Response.SERVICE_UNAVAILABLE);
    }

    private void onInfo(RequestEvent event, SipCall call) {
        if (acceptInDialog(event, call) == null) {
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

    /** Ends a call from the gateway side; see {@link CallTeardown#end}. */
    void end(SipCall call, EndReason reason, boolean notify) {
        teardown.end(call, reason, notify);
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
            withCallId(call, () -> log.warn("No ACK for our 200 OK ({}): ending the call", event.getReason()));
            teardown.end(call, EndReason.TRANSPORT_ERROR, true);
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        SipCall call = dialogs.of(event.getDialog());
        if (call != null && call.state() != SipCall.State.ENDED && call.state() != SipCall.State.RINGING) {
            withCallId(call, () -> log.warn("SIP stack terminated the dialog"));
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

    // --- helpers ---

    private void refuse(ServerTransaction tx, Response response) {
        stats.refused(response.getStatusCode());
        messages.send(tx, response);
    }

    private static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    private static String transportOf(Request request) {
        javax.sip.header.ViaHeader via =
                (javax.sip.header.ViaHeader) request.getHeader(javax.sip.header.ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(java.util.Locale.ROOT);
    }

    private static void withCallId(SipCall call, Runnable work) {
        CallLogContext.run(call.callId(), work);
    }
}
