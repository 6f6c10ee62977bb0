package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallLeg;
import dev.voicebridge.gateway.call.CallLegListener;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.rtp.Codec;
import dev.voicebridge.gateway.rtp.RemoteMedia;
import dev.voicebridge.gateway.rtp.RtpSession;
import dev.voicebridge.gateway.rtp.RtpSessionListener;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One SIP dialog with its RTP: the caller's leg as the call session sees it. Its session is opened
 * with the INVITE, before any answer, so a call the gateway cannot take gets 503 and never a 200.
 * Media calls go straight to the RTP session; signalling (hang-up, media timeout) goes through
 * {@link CallTeardown}.
 *
 * <p>Threads: SIP workers, the {@code sip-timers} thread (answer), the RTP event loop (audio, DTMF,
 * media timeout), the media clock ({@link #answered}) and the session's own threads. The monitor
 * guards state changes, dialog, answer conditions and timers, and SDP versions; {@link #transition}
 * and {@link #end()} on it decide which of racing threads acts, and it is never held while calling
 * out. {@code state} is also volatile, for the clock's lock-free read.
 */
final class SipCall implements CallLeg, RtpSessionListener {

    enum State {
        /** INVITE received, 180 sent, no final response yet: CANCEL still possible. */
        RINGING,
        /** 200 OK sent, waiting for the ACK (the stack retransmits the 200 meanwhile). */
        ANSWERED,
        /** ACK received: media flows and the call session runs. */
        CONFIRMED,
        ENDED
    }

    final CallSetup setup;
    final String sipCallId;
    final String transport;
    final Request invite;
    final ServerTransaction inviteTransaction;
    final String toTag;
    final RtpSession rtp;
    final Codec codec;
    final long sdpSessionId;
    private final CallTeardown teardown;
    private volatile State state = State.RINGING;
    private volatile RemoteMedia remote;
    /** The call's SDES outcome (suite, tag, keys), or null for plain RTP; set by {@link OfferAnswer}. */
    volatile SdpNegotiator.Result.Sdes sdes;

    private volatile CallLegListener listener;
    private final AtomicBoolean endNotified = new AtomicBoolean();
    private Dialog dialog;
    private long sdpVersion;
    private String lastAnswer;
    private String lastSdp;
    private final List<ScheduledFuture<?>> answerTimers = new ArrayList<>();
    private boolean rangLongEnough;
    private boolean assistantHeard;
    private Runnable onReadyToAnswer;
    private boolean readyToAnswer;

    SipCall(
            CallTeardown teardown,
            CallSetup setup,
            String sipCallId,
            String transport,
            Request invite,
            ServerTransaction inviteTransaction,
            String toTag,
            RtpSession rtp,
            Codec codec,
            RemoteMedia remote,
            long sdpSessionId) {
        this.teardown = teardown;
        this.setup = setup;
        this.sipCallId = sipCallId;
        this.transport = transport;
        this.invite = invite;
        this.inviteTransaction = inviteTransaction;
        this.toTag = toTag;
        this.rtp = rtp;
        this.codec = codec;
        this.remote = remote;
        this.sdpSessionId = sdpSessionId;
    }

    String callId() {
        return setup.callId();
    }

    synchronized State state() {
        return state;
    }

    /** Moves to {@code next} only from {@code expected}; returns whether it did. */
    synchronized boolean transition(State expected, State next) {
        if (state != expected) {
            return false;
        }
        state = next;
        return true;
    }

    /** Marks the call ended; returns the state it had, or null when it had already ended. */
    synchronized State end() {
        if (state == State.ENDED) {
            return null;
        }
        State before = state;
        state = State.ENDED;
        answerTimers.forEach(t -> t.cancel(false));
        return before;
    }

    synchronized void answerTimer(ScheduledFuture<?> timer) {
        answerTimers.add(timer);
    }

    /**
     * What to run once the call has something to say to the caller ({@link #readyToAnswer}); at
     * once if it already has, as the session may get there before admission gets here.
     */
    void onReadyToAnswer(Runnable action) {
        boolean already;
        synchronized (this) {
            onReadyToAnswer = action;
            already = readyToAnswer;
        }
        if (already) {
            action.run();
        }
    }

    /**
     * Records that the call has rung long enough ({@code answer-delay}) or that there is an
     * assistant to hear (or the wait for one is over), and says whether both now hold: the 200 OK
     * is due. The caller answers at most once anyway, by {@link #transition} from RINGING.
     */
    synchronized boolean answerDue(boolean rang, boolean assistant) {
        rangLongEnough |= rang;
        assistantHeard |= assistant;
        return rangLongEnough && assistantHeard;
    }

    synchronized Dialog dialog() {
        return dialog;
    }

    synchronized void dialog(Dialog dialog) {
        this.dialog = dialog;
    }

    RemoteMedia remote() {
        return remote;
    }

    void remote(RemoteMedia remote) {
        this.remote = remote;
    }

    CallLegListener listener() {
        return listener;
    }

    /** The call's session, set once at admission, before the call can be found or end. */
    void listener(CallLegListener listener) {
        this.listener = listener;
    }

    /** Tells the session the leg ended, exactly once. */
    void legEnded(EndReason reason) {
        CallLegListener l = listener;
        if (l != null && endNotified.compareAndSet(false, true)) {
            l.onLegEnded(reason);
        }
    }

    /** The SDP version for an answer: unchanged when the answer is (a session refresh), else one more. */
    synchronized long sdpVersionFor(String answerWithoutOrigin) {
        if (lastAnswer != null && !lastAnswer.equals(answerWithoutOrigin)) {
            sdpVersion++;
        }
        lastAnswer = answerWithoutOrigin;
        return sdpVersion;
    }

    synchronized String lastSdp() {
        return lastSdp;
    }

    synchronized void lastSdp(String sdp) {
        this.lastSdp = sdp;
    }

    // --- CallLeg: what the call session drives ---

    @Override
    public AudioFormat format() {
        return codec.format();
    }

    @Override
    public boolean answered() {
        State now = state;
        return now == State.ANSWERED || now == State.CONFIRMED;
    }

    @Override
    public void readyToAnswer() {
        Runnable action;
        synchronized (this) {
            readyToAnswer = true;
            action = onReadyToAnswer;
        }
        if (action != null) {
            action.run();
        }
    }

    @Override
    public void sendFrame(byte[] frame) {
        rtp.sendFrame(frame);
    }

    @Override
    public void sendSilence() {
        rtp.sendSilence();
    }

    @Override
    public void clearPlayback() {
        // RTP holds no audio of its own: the session's clock hands each frame straight to the wire.
    }

    @Override
    public void sendDtmf(String digits) {
        rtp.sendDtmf(digits);
    }

    @Override
    public void hangUp(EndReason reason) {
        teardown.end(this, reason, false);
    }

    // --- RtpSessionListener: what the caller's media says ---

    @Override
    public void onAudio(byte[] frame) {
        CallLegListener l = listener;
        if (l != null) {
            l.onCallerAudio(frame);
        }
    }

    @Override
    public void onDtmf(char digit) {
        CallLegListener l = listener;
        if (l != null) {
            l.onDtmf(digit);
        }
    }

    @Override
    public void onMediaTimeout() {
        teardown.end(this, EndReason.MEDIA_TIMEOUT, true);
    }
}
