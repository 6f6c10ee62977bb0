package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends calls, from either side, and releases what they hold: the final response or BYE, the RTP
 * ports, the entry in {@link SipDialogs}, the ended-call count and the session's notice.
 *
 * <p>Threads: any. JAIN-SIP workers (BYE, CANCEL, dialog timeout or termination), the RTP event
 * loop (media timeout), the call session's threads ({@link SipCall#hangUp}), the virtual thread
 * that opens a session (refused after answer) and the thread stopping the server (drain). Ordering
 * rule: {@link SipCall#end()} is the one gate, so exactly one thread releases a call however many
 * race to end it; nothing here holds the call's lock while calling the stack, RTP or the session.
 */
final class CallTeardown {

    private static final Logger log = LoggerFactory.getLogger(CallTeardown.class);

    private final SipDialogs dialogs;
    private final SipStats stats;
    private final SipMessages messages;
    private final SipProvider provider;

    CallTeardown(SipDialogs dialogs, SipStats stats, SipMessages messages, SipProvider provider) {
        this.dialogs = dialogs;
        this.stats = stats;
        this.messages = messages;
        this.provider = provider;
    }

    /**
     * Ends a call from the gateway side (hang-up tool, admin, drain, media timeout, no ACK): BYE once
     * answered, an error response while still ringing. {@code notify} tells the call session, for
     * endings it did not ask for itself.
     */
    void end(SipCall call, EndReason reason, boolean notify) {
        CallLogContext.run(call.callId(), () -> {
            SipCall.State before = call.end();
            if (before == null) {
                return;
            }
            if (before == SipCall.State.RINGING) {
                messages.send(call.inviteTransaction, messages.unavailable(call.invite, call.toTag, reason));
            } else {
                sendBye(call, reason);
            }
            log.info("Gateway ended the call: {}", reason);
            release(call, reason, notify);
        });
    }

    /** Ends a call the far end (or its stack) ended: nothing more to send. */
    void finish(SipCall call, EndReason reason, boolean notify) {
        if (call.end() != null) {
            release(call, reason, notify);
        }
    }

    /**
     * Releases a call whose ending has already been decided, by {@link SipCall#end()} or a
     * transition to ENDED (CANCEL), and whose last message has been sent.
     */
    void release(SipCall call, EndReason reason, boolean notify) {
        stats.ended(reason);
        call.rtp.close();
        dialogs.remove(call);
        if (notify) {
            try {
                call.legEnded(reason);
            } catch (RuntimeException e) {
                log.error("Call session failed on leg end", e);
            }
        }
    }

    private void sendBye(SipCall call, EndReason reason) {
        Dialog dialog = call.dialog();
        if (dialog == null) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            messages.addReason(bye, reason);
            ClientTransaction ct = provider.getNewClientTransaction(bye);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            // The dialog may already be gone on the stack side; the call is cleaned up all the same.
            log.warn("Could not send BYE: {}", e.toString());
        }
    }
}
