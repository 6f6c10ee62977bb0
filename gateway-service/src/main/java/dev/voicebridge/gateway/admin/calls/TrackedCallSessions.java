package dev.voicebridge.gateway.admin.calls;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallLeg;
import dev.voicebridge.gateway.call.CallLegListener;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.EndReason;

/**
 * The {@link CallSessions} the transports use: the gateway's {@link DefaultCallSessions}, with
 * each call followed by the {@link CallTracker}. It sees a call end from either side: the
 * transport's {@code onLegEnded}, or the session hanging the leg up (tool, admin, drain, Azure
 * unavailable). Wrappers only pass calls through; nothing here blocks a media thread.
 */
public final class TrackedCallSessions implements CallSessions {

    private final DefaultCallSessions delegate;
    private final CallTracker tracker;

    public TrackedCallSessions(DefaultCallSessions delegate, CallTracker tracker) {
        this.delegate = delegate;
        this.tracker = tracker;
        delegate.observe(tracker);
    }

    @Override
    public CallLegListener open(CallSetup setup, CallLeg leg) throws CallRejectedException {
        TrackedCall call = tracker.opening(setup);
        CallLegListener listener;
        try {
            listener = delegate.open(setup, new TrackedLeg(leg, call));
        } catch (CallRejectedException e) {
            tracker.rejected(call, e.reason());
            throw e;
        } catch (RuntimeException e) {
            tracker.failed(call);
            throw e;
        }
        tracker.opened(call, listener instanceof CallSession session ? session : null);
        if (listener instanceof CallSession session && session.ended()) {
            tracker.ended(call, session.endReason()); // ended before we were told it started
        }
        return new TrackedListener(listener, call);
    }

    @Override
    public boolean accepting() {
        return delegate.accepting();
    }

    private final class TrackedLeg implements CallLeg {
        private final CallLeg leg;
        private final TrackedCall call;

        TrackedLeg(CallLeg leg, TrackedCall call) {
            this.leg = leg;
            this.call = call;
        }

        @Override
        public AudioFormat format() {
            return leg.format();
        }

        @Override
        public void sendFrame(byte[] frame) {
            leg.sendFrame(frame);
        }

        @Override
        public void sendSilence() {
            leg.sendSilence();
        }

        @Override
        public void clearPlayback() {
            leg.clearPlayback();
        }

        @Override
        public void sendDtmf(String digits) {
            leg.sendDtmf(digits);
        }

        @Override
        public void hangUp(EndReason reason) {
            try {
                leg.hangUp(reason);
            } finally {
                tracker.ended(call, reason);
            }
        }
    }

    private final class TrackedListener implements CallLegListener {
        private final CallLegListener listener;
        private final TrackedCall call;

        TrackedListener(CallLegListener listener, TrackedCall call) {
            this.listener = listener;
            this.call = call;
        }

        @Override
        public void onCallerAudio(byte[] frame) {
            long arrived = System.nanoTime();
            listener.onCallerAudio(frame);
            tracker.callerFrame(call, arrived, System.nanoTime() - arrived);
        }

        @Override
        public void onDtmf(char digit) {
            listener.onDtmf(digit);
        }

        @Override
        public void onLegEnded(EndReason reason) {
            try {
                listener.onLegEnded(reason);
            } finally {
                EndReason actual = listener instanceof CallSession s && s.endReason() != null ? s.endReason() : reason;
                tracker.ended(call, actual);
            }
        }
    }
}
