package dev.voicebridge.gateway.sip;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.Dialog;

/**
 * The live calls, keyed by SIP Call-ID: a call is in here from its admitted INVITE until it is
 * released, whatever state it is in (ringing, answered, confirmed).
 *
 * <p>Threads: {@link CallAdmission} adds on a JAIN-SIP worker thread; {@link CallTeardown} removes
 * on whichever thread ends the call (SIP workers, the RTP event loop, the call session's threads,
 * the virtual thread that opens a session, the thread stopping the server); the dispatcher and
 * metrics read from any thread. The map is concurrent and no other lock is held around it, so a
 * lookup may see a call that is being ended: callers check {@link SipCall#state()} where it matters.
 */
final class SipDialogs {

    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();

    /** The call with this SIP Call-ID, or null. */
    SipCall get(String sipCallId) {
        return calls.get(sipCallId);
    }

    /** The call a stack dialog belongs to, or null (dialogs of requests we refused have none). */
    SipCall of(Dialog dialog) {
        return dialog == null || dialog.getCallId() == null
                ? null
                : calls.get(dialog.getCallId().getCallId());
    }

    boolean contains(String sipCallId) {
        return calls.containsKey(sipCallId);
    }

    void add(SipCall call) {
        calls.put(call.sipCallId, call);
    }

    /** Forgets {@code call}, and only it: a newer call under the same Call-ID stays. */
    void remove(SipCall call) {
        calls.remove(call.sipCallId, call);
    }

    int size() {
        return calls.size();
    }

    /** A copy, so the caller may end calls while walking it. */
    Collection<SipCall> snapshot() {
        return List.copyOf(calls.values());
    }
}
