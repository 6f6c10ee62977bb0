package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallLeg;
import dev.voicebridge.gateway.call.CallLegListener;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A call-session stand-in that honours the CallSessions contract for real: one 20 ms media clock
 * drives every leg (sendFrame when it has audio, sendSilence otherwise) and the caller's audio is
 * played straight back. It records what each call saw so tests can assert on it.
 */
final class EchoCallSessions implements CallSessions, AutoCloseable {

    /** What one call saw. */
    static final class Call implements CallLegListener {
        final CallSetup setup;
        final CallLeg leg;
        final AtomicInteger framesIn = new AtomicInteger();
        final AtomicInteger ticks = new AtomicInteger();
        final StringBuffer digits = new StringBuffer();
        final CompletableFuture<EndReason> ended = new CompletableFuture<>();
        final Queue<byte[]> echo = new ConcurrentLinkedQueue<>();
        /** The MDC call id on the threads that called us: what every log line of the call would carry. */
        volatile String callIdOnOpen;

        volatile String callIdOnAudio;
        volatile String dtmfOnAnswer;
        volatile String callIdOnDtmf;

        Call(CallSetup setup, CallLeg leg) {
            this.setup = setup;
            this.leg = leg;
        }

        @Override
        public void onCallerAudio(byte[] frame) {
            if (frame.length != leg.format().frameBytes()) {
                throw new AssertionError("frame of " + frame.length + " bytes, expected "
                        + leg.format().frameBytes());
            }
            framesIn.incrementAndGet();
            callIdOnAudio = org.slf4j.MDC.get("callId");
            echo.add(frame);
        }

        @Override
        public void onDtmf(char digit) {
            digits.append(digit);
            callIdOnDtmf = org.slf4j.MDC.get("callId");
        }

        @Override
        public void onLegEnded(EndReason reason) {
            ended.complete(reason);
        }

        void tick() {
            if (!leg.answered()) {
                return;
            }
            String dtmf = dtmfOnAnswer;
            if (dtmf != null) {
                dtmfOnAnswer = null;
                leg.sendDtmf(dtmf);
            }
            ticks.incrementAndGet();
            byte[] frame = echo.poll();
            if (frame != null) {
                leg.sendFrame(frame);
            } else {
                leg.sendSilence();
            }
        }
    }

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Call> active = new ConcurrentHashMap<>();
    final List<Call> opened = new CopyOnWriteArrayList<>();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    volatile boolean accepting = true;
    /** Says yes to {@link #accepting()} but refuses in {@link #open}, as a session layer at capacity does. */
    volatile boolean refuseOnOpen;

    /** Calls taken at once, counted atomically at open as the real sessions do; more are refused. */
    volatile int capacity = Integer.MAX_VALUE;

    volatile Duration hangUpAfter;
    volatile String dtmfOnOpen;

    EchoCallSessions() {
        clock.scheduleAtFixedRate(() -> active.values().forEach(Call::tick), 20, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public CallLegListener open(CallSetup setup, CallLeg leg) throws CallRejectedException {
        if (!accepting) {
            throw new CallRejectedException(CallRejectedException.Reason.DRAINING, "test says no");
        }
        if (refuseOnOpen) {
            throw new CallRejectedException(CallRejectedException.Reason.AT_CAPACITY, "test is full");
        }
        synchronized (active) {
            if (active.size() >= capacity) {
                throw new CallRejectedException(CallRejectedException.Reason.AT_CAPACITY, "at test capacity");
            }
        }
        Call call = new Call(setup, leg);
        call.callIdOnOpen = org.slf4j.MDC.get("callId");
        opened.add(call);
        active.put(setup.callId(), call);
        maxConcurrent.accumulateAndGet(active.size(), Math::max);
        call.ended.whenComplete((r, e) -> active.remove(setup.callId()));
        call.dtmfOnAnswer = dtmfOnOpen;
        leg.readyToAnswer(); // an echo is ready at once
        Duration after = hangUpAfter;
        if (after != null) {
            clock.schedule(
                    () -> {
                        active.remove(setup.callId());
                        leg.hangUp(EndReason.ASSISTANT_HANGUP);
                        call.ended.complete(EndReason.ASSISTANT_HANGUP);
                    },
                    after.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return call;
    }

    @Override
    public boolean accepting() {
        return accepting && active.size() < capacity;
    }

    Call only() {
        if (opened.size() != 1) {
            throw new AssertionError("expected one call, saw " + opened.size());
        }
        return opened.get(0);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
