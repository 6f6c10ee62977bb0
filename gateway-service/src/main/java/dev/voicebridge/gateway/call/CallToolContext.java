package dev.voicebridge.gateway.call;

import reactor.core.publisher.Mono;

/**
 * What a tool may do to the call it runs in ({@link ToolCallContext}), kept apart from the call
 * session: play DTMF through the leg, wait for the assistant's audio to play out, end the call or
 * say why it is about to end. Owns no state. Tools call it on Reactor workers; each method hands
 * off to the session, its playout or its leg and never blocks.
 */
final class CallToolContext implements ToolCallContext {

    private final CallSession call;
    private final CallLeg leg;

    CallToolContext(CallSession call, CallLeg leg) {
        this.call = call;
        this.leg = leg;
    }

    @Override
    public CallSetup setup() {
        return call.setup();
    }

    @Override
    public void sendDtmf(String digits) {
        leg.sendDtmf(digits);
    }

    @Override
    public Mono<Void> playoutDone() {
        return call.playoutDone();
    }

    @Override
    public void hangUpLeg(EndReason reason) {
        call.hangUp(reason);
    }

    @Override
    public void ending(EndReason reason) {
        call.ending(reason);
    }

    @Override
    public void transferred(String to) {
        call.transferred(to);
    }
}
