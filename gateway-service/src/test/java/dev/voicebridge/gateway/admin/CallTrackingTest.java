package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.call.CallObserver;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.EndReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Call tracking learns about calls from the call sessions' lifecycle events, not by wrapping the
 * transport's listener: a caller's frame goes from the WebSocket transport straight into its call
 * session, and the admin API still lists the call with its counters.
 */
class CallTrackingTest extends AdminApplicationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    DefaultCallSessions sessions;

    @Autowired
    CallTracker tracker;

    /** The tracker, plus the stack of the thread that handled a caller frame. */
    private static final class StackRecorder implements CallObserver {
        private final CallObserver tracker;
        final AtomicReference<List<StackTraceElement>> callerFrameStack = new AtomicReference<>();

        StackRecorder(CallObserver tracker) {
            this.tracker = tracker;
        }

        @Override
        public void callerAudioHandled(CallSession session, long nanos) {
            callerFrameStack.compareAndSet(null, Arrays.asList(new Throwable().getStackTrace()));
            tracker.callerAudioHandled(session, nanos);
        }

        @Override
        public void callStarted(CallSession session) {
            tracker.callStarted(session);
        }

        @Override
        public void callRejected(CallSetup setup, CallRejectedException.Reason reason) {
            tracker.callRejected(setup, reason);
        }

        @Override
        public void callFailed(CallSetup setup) {
            tracker.callFailed(setup);
        }

        @Override
        public void callEnded(CallSession session, EndReason reason) {
            tracker.callEnded(session, reason);
        }

        @Override
        public void assistantReady(CallSession session, boolean afterReconnect) {
            tracker.assistantReady(session, afterReconnect);
        }

        @Override
        public void firstAudioAfterSpeech(CallSession session, long nanos) {
            tracker.firstAudioAfterSpeech(session, nanos);
        }

        @Override
        public void assistantAudioLatency(CallSession session, long nanos) {
            tracker.assistantAudioLatency(session, nanos);
        }
    }

    @Test
    void shouldHandCallerFramesStraightToTheCallSessionWhileTheAdminApiStillListsTheCall() {
        // Given the gateway's own call sessions are the only ones the transports can be given
        assertThat(context.getBeansOfType(CallSessions.class).values()).containsExactly(sessions);
        CallObserver previous = sessions.observer();
        StackRecorder recorder = new StackRecorder(tracker);
        sessions.observe(recorder);
        AdminHttp http = http();
        try (MediaCaller caller = MediaCaller.call(http.media(), MEDIA_TOKEN, "gw-direct", "sma-direct")) {
            http.awaitReady("gw-direct", ADMIN_TOKEN);

            // When the caller sends audio over the WebSocket
            caller.speakThenPause(200, 100);
            List<StackTraceElement> stack = await(recorder.callerFrameStack::get, "a caller frame handled");

            // Then the frame went from the transport into CallSession.onCallerAudio with no hop
            // between them, and no tracking code anywhere on the way
            int call = indexOf(stack, CallSession.class.getName(), "onCallerAudio");
            assertThat(call).as("CallSession.onCallerAudio on the stack").isPositive();
            assertThat(stack.get(call + 1).getClassName())
                    .as("the caller of CallSession.onCallerAudio")
                    .startsWith("dev.voicebridge.gateway.audio.FrameAssembler");
            assertThat(stack.get(call + 2).getClassName())
                    .startsWith("dev.voicebridge.gateway.websocket.MediaStreamSession");
            assertThat(stack.subList(call, stack.size()))
                    .extracting(StackTraceElement::getClassName)
                    .noneMatch(name -> name.startsWith("dev.voicebridge.gateway.admin"));

            // And the admin API lists the live call, with the frames its session counted
            JsonNode list = json(http.get("/api/calls?state=connected", ADMIN_TOKEN));
            assertThat(StreamSupport.stream(list.path("calls").spliterator(), false)
                            .map(c -> c.path("callId").asString()))
                    .contains("sma-direct");
            JsonNode media = await(
                    () -> {
                        JsonNode m = json(http.get("/api/calls/sma-direct", ADMIN_TOKEN))
                                .path("media");
                        return m.path("framesIn").asLong() >= 15 ? m : null;
                    },
                    "the call's frames counted");
            assertThat(media.path("gatewayCallId").asString()).isEqualTo("gw-direct");
            assertThat(media.path("jitterMs").isNumber()).isTrue();
        } finally {
            sessions.observe(previous);
        }
        // And the end reached the tracker through the session's end event
        TrackedCall ended =
                await(() -> tracker.find("gw-direct").filter(TrackedCall::ended).orElse(null), "the call ended");
        assertThat(ended.endReason()).isEqualTo(EndReason.CALLER_HANGUP);
        assertThat(tracker.flush(Duration.ofSeconds(10))).isTrue();
    }

    private static int indexOf(List<StackTraceElement> stack, String className, String method) {
        for (int i = 0; i < stack.size(); i++) {
            if (stack.get(i).getClassName().equals(className)
                    && stack.get(i).getMethodName().equals(method)) {
                return i;
            }
        }
        return -1;
    }
}
