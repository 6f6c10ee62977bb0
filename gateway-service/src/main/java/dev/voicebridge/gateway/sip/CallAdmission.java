package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.rtp.RtpMedia;
import dev.voicebridge.gateway.rtp.RtpPortsExhaustedException;
import dev.voicebridge.gateway.rtp.RtpSession;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import dev.voicebridge.gateway.sip.sdp.SessionDescription;
import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or refuses a new INVITE and answers it: Require, capacity, the SDP offer, then RTP ports,
 * the call's session (which takes its slot and starts setting up its assistant), a {@link SipCall}
 * in {@link SipDialogs}, 180, and the 200 with our answer. A call refused by the session gets 503
 * before any 200, however many INVITEs race for the last slot. The 200 goes out once the call has
 * rung for {@code answer-delay} and its assistant is ready (or the apology is due), or once
 * {@code ready-wait} has passed without it: the caller then hears the greeting right after the
 * answer instead of dead air while Azure sets up.
 *
 * <p>Threads: the admission runs on a JAIN-SIP worker thread, inside the dispatcher's logging scope
 * (which it names once the call id is known); opening the session does not wait for Azure, but
 * for a call placed through the calls API it reads that request from the shared placed-calls table
 * (one bounded DynamoDB read, which is why it stays on this worker thread). The
 * answer runs on the {@code sip-timers} thread. It races a CANCEL or gateway hang-up while ringing:
 * whichever wins {@link SipCall#transition} from RINGING acts, the other does nothing.
 */
final class CallAdmission {

    private static final Logger log = LoggerFactory.getLogger(CallAdmission.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SipProperties properties;
    private final CallSessions sessions;
    private final RtpMedia media;
    private final ScheduledExecutorService timers;
    private final SipDialogs dialogs;
    private final SipStats stats;
    private final SipMessages messages;
    private final OfferAnswer offers;
    private final ServerTransactions transactions;
    private final CallTeardown teardown;

    CallAdmission(
            SipProperties properties,
            CallSessions sessions,
            RtpMedia media,
            ScheduledExecutorService timers,
            SipDialogs dialogs,
            SipStats stats,
            SipMessages messages,
            OfferAnswer offers,
            ServerTransactions transactions,
            CallTeardown teardown) {
        this.properties = properties;
        this.sessions = sessions;
        this.media = media;
        this.timers = timers;
        this.dialogs = dialogs;
        this.stats = stats;
        this.messages = messages;
        this.offers = offers;
        this.transactions = transactions;
        this.teardown = teardown;
    }

    /** An INVITE without a To tag: a new call, or a retransmission of one. */
    void onInvite(RequestEvent event, String sipCallId) {
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
        // Check, then add below: not atomic, so simultaneous INVITEs may overshoot max-dialogs slightly.
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
        OfferAnswer.Outcome outcome = offers.initialOffer(invite, ServerTransactions.transportOf(tx));
        if (outcome instanceof OfferAnswer.Outcome.Refused(String reason)) {
            log.info("Refusing INVITE {}: {}", sipCallId, reason);
            refuse(tx, messages.notAcceptable(invite, reason));
            return;
        }
        admit(tx, invite, sipCallId, (OfferAnswer.Outcome.Answerable) outcome);
    }

    private void admit(ServerTransaction tx, Request invite, String sipCallId, OfferAnswer.Outcome.Answerable offer) {
        String transport = ServerTransactions.transportOf(tx);
        InetAddress source = ((SIPMessage) invite).getPeerPacketSourceAddress();
        CallSetup setup = CallCorrelation.setupFor(
                invite,
                transport,
                source == null ? "" : source.getHostAddress() + ":" + ((SIPMessage) invite).getPeerPacketSourcePort());
        CallLogContext.set(setup.callId()); // the dispatcher's scope restores the thread's id afterwards
        RtpSession rtp;
        try {
            rtp = media.open(setup.callId());
        } catch (RtpPortsExhaustedException e) {
            log.warn("Refusing INVITE: {}", e.getMessage());
            refuse(tx, messages.serviceUnavailable(invite, 5));
            return;
        }
        SdpNegotiator.Result.Accepted accepted = offer.accepted();
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
        try {
            call.listener(sessions.open(setup, call));
        } catch (CallRejectedException e) {
            rtp.close();
            log.warn("Refusing INVITE {}: {} ({})", sipCallId, e.getMessage(), e.reason());
            refuse(
                    tx,
                    e.reason() == CallRejectedException.Reason.DUPLICATE_CALL_ID
                            ? messages.response(Response.BAD_REQUEST, invite)
                            : messages.serviceUnavailable(invite, 30));
            return;
        }
        dialogs.add(call);
        log.info(
                "INVITE from {} to {} (SIP Call-ID {}, {}, SMA transaction {}): ringing, {} on RTP port {}",
                setup.from(),
                setup.to(),
                sipCallId,
                transport,
                setup.smaTransactionId(),
                accepted.codec().format().encoding(),
                rtp.localPort());
        messages.send(tx, messages.ringing(invite, toTag, transport));
        call.dialog(tx.getDialog());
        long ringingSince = System.nanoTime();
        Runnable answer = () -> answer(call, offer.offer(), accepted, ringingSince);
        call.onReadyToAnswer(() -> timers.execute(() -> CallLogContext.run(call.callId(), () -> {
            if (call.answerDue(false, true)) {
                answer.run();
            }
        })));
        Duration wait = properties.readyWait();
        if (wait.isZero()) {
            call.answerDue(false, true); // answer without waiting for the assistant
        } else {
            call.answerTimer(timers.schedule(
                    () -> CallLogContext.run(call.callId(), () -> {
                        if (call.state() == SipCall.State.RINGING) {
                            log.warn(
                                    "assistant not ready after {} ms (GATEWAY_SIP_READY_WAIT): answering anyway",
                                    wait.toMillis());
                        }
                        if (call.answerDue(false, true)) {
                            answer.run();
                        }
                    }),
                    wait.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
        Duration delay = properties.answerDelay();
        if (delay.isZero()) {
            if (call.answerDue(true, false)) {
                answer.run();
            }
        } else {
            call.answerTimer(timers.schedule(
                    () -> CallLogContext.run(call.callId(), () -> {
                        if (call.answerDue(true, false)) {
                            answer.run();
                        }
                    }),
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private void answer(
            SipCall call, SessionDescription offer, SdpNegotiator.Result.Accepted accepted, long ringingSince) {
        if (!call.transition(SipCall.State.RINGING, SipCall.State.ANSWERED)) {
            return; // cancelled or ended while ringing, or answered already
        }
        String sdp = offers.answer(call, offer, accepted);
        // Media may flow as soon as the caller has our answer, before its ACK reaches us: the RTP
        // session must have started first, or the caller's first packets are dropped unheard.
        call.rtp
                .start(call.codec, call.remote(), call)
                .thenRun(() ->
                        timers.execute(() -> CallLogContext.run(call.callId(), () -> sendOk(call, sdp, ringingSince))));
    }

    private void sendOk(SipCall call, String sdp, long ringingSince) {
        if (call.state() != SipCall.State.ANSWERED) {
            return; // ended while the media started
        }
        messages.send(call.inviteTransaction, messages.ok(call.invite, call.toTag, call.transport, sdp));
        call.dialog(call.inviteTransaction.getDialog());
        stats.answered();
        log.info(
                "Answered with 200 OK after {} ms of ringing; waiting for ACK",
                (System.nanoTime() - ringingSince) / 1_000_000);
    }

    private void refuse(ServerTransaction tx, Response response) {
        stats.refused(response.getStatusCode());
        messages.send(tx, response);
    }
}
