package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.call.CallLeg;
import dev.voicebridge.gateway.call.CallLegListener;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A CallSessions that records what the WebSocket transport hands it, so the endpoint's tests see
 * exactly what a call session would get. It stands in for the real sessions (which need Azure) only
 * in the transport's own tests; the end-to-end tests use the real ones against the simulator.
 */
final class RecordingCallSessions implements CallSessions {

    /** One call as the transport presented it. */
    static final class Call implements CallLegListener {
        final CallSetup setup;
        final CallLeg leg;
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<Character> digits = new CopyOnWriteArrayList<>();
        final List<EndReason> ended = new CopyOnWriteArrayList<>();
        /** The thread that delivered the last caller frame: the connection's event loop. */
        volatile Thread inboundThread;

        Call(CallSetup setup, CallLeg leg) {
            this.setup = setup;
            this.leg = leg;
        }

        @Override
        public void onCallerAudio(byte[] frame) {
            inboundThread = Thread.currentThread();
            frames.add(frame);
        }

        @Override
        public void onDtmf(char digit) {
            digits.add(digit);
        }

        @Override
        public void onLegEnded(EndReason reason) {
            ended.add(reason);
        }

        byte[] audio() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            frames.forEach(out::writeBytes);
            return out.toByteArray();
        }

        EndReason awaitEnded() {
            return Await.until(() -> ended.isEmpty() ? null : ended.get(0), "the leg to end");
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile CallRejectedException.Reason reject;

    @Override
    public CallLegListener open(CallSetup setup, CallLeg leg) throws CallRejectedException {
        if (reject != null) {
            throw new CallRejectedException(reject, "test refuses calls: " + reject);
        }
        Call call = new Call(setup, leg);
        calls.add(call);
        return call;
    }

    @Override
    public boolean accepting() {
        return reject == null;
    }

    Call awaitCall(int n) {
        return Await.until(() -> calls.size() >= n ? calls.get(n - 1) : null, "call " + n);
    }

    void reset() {
        calls.clear();
        reject = null;
    }

    /** Polling wait; the timeout only guards against hangs. */
    static final class Await {
        static <T> T until(java.util.function.Supplier<T> probe, String what) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                T v = probe.get();
                if (v != null && !Boolean.FALSE.equals(v)) {
                    return v;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new AssertionError("timed out waiting for " + what);
        }
    }
}
