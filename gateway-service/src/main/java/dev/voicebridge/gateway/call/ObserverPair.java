package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.Transcript;

/**
 * Two call observers as one ({@link CallObserver#both}): the admin tracker and the call events. Owns
 * no state; called on whatever thread the event comes on, and passes it on there.
 */
record ObserverPair(CallObserver first, CallObserver second) implements CallObserver {

    @Override
    public void callStarted(CallSession session) {
        first.callStarted(session);
        second.callStarted(session);
    }

    @Override
    public void callRejected(CallSetup setup, CallRejectedException.Reason reason) {
        first.callRejected(setup, reason);
        second.callRejected(setup, reason);
    }

    @Override
    public void callFailed(CallSetup setup) {
        first.callFailed(setup);
        second.callFailed(setup);
    }

    @Override
    public void callEnded(CallSession session, EndReason reason) {
        first.callEnded(session, reason);
        second.callEnded(session, reason);
    }

    @Override
    public void assistantReady(CallSession session, boolean afterReconnect) {
        first.assistantReady(session, afterReconnect);
        second.assistantReady(session, afterReconnect);
    }

    @Override
    public void callAnswered(CallSession session) {
        first.callAnswered(session);
        second.callAnswered(session);
    }

    @Override
    public void assistantStateChanged(CallSession session, AssistantSession.State state) {
        first.assistantStateChanged(session, state);
        second.assistantStateChanged(session, state);
    }

    @Override
    public void transcriptLine(CallSession session, Transcript.Entry line) {
        first.transcriptLine(session, line);
        second.transcriptLine(session, line);
    }

    @Override
    public void toolCalled(CallSession session, String name, String toolCallId) {
        first.toolCalled(session, name, toolCallId);
        second.toolCalled(session, name, toolCallId);
    }

    @Override
    public void callTransferred(CallSession session, String to) {
        first.callTransferred(session, to);
        second.callTransferred(session, to);
    }

    @Override
    public void callerAudioHandled(CallSession session, long nanos) {
        first.callerAudioHandled(session, nanos);
        second.callerAudioHandled(session, nanos);
    }

    @Override
    public void firstAudioAfterSpeech(CallSession session, long nanos) {
        first.firstAudioAfterSpeech(session, nanos);
        second.firstAudioAfterSpeech(session, nanos);
    }

    @Override
    public void assistantAudioLatency(CallSession session, long nanos) {
        first.assistantAudioLatency(session, nanos);
        second.assistantAudioLatency(session, nanos);
    }
}
