package dev.voicebridge.gateway.realtime;

import static dev.voicebridge.gateway.realtime.LoopbackRealtime.audio;
import static dev.voicebridge.gateway.realtime.LoopbackRealtime.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's side of a session never waits for Azure's: while the Realtime event loop is inside
 * the handling of an event (holding the link's lock, as set-up and event handling do), caller audio,
 * keys, barge-in, the media clock and the stats all go through. Before the split one monitor
 * guarded all of it, and under load every call's audio waited behind it.
 */
class AssistantSessionThreadsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A call whose handling of the caller's speech takes until the test lets it go. */
    private static final class SlowListener implements AssistantSession.Listener {
        final CountDownLatch handling = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean handled;

        @Override
        public void onCallerSpeechStarted(String itemId) {
            handling.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            handled = true;
        }

        @Override
        public void onReady(boolean afterReconnect) {}

        @Override
        public void onResponseStarted(String responseId) {}

        @Override
        public void onAssistantAudio(String responseId, String itemId, byte[] audio) {}

        @Override
        public void onAssistantAudioDone(String responseId, String itemId) {}

        @Override
        public void onResponseDone(String responseId) {}

        @Override
        public void onCallerSpeechStopped(String itemId) {}

        @Override
        public void onFunctionCall(String callId, String name, String arguments) {}

        @Override
        public void onReconnecting(String why) {}

        @Override
        public void onUnavailable(String why) {}
    }

    private ScriptedRealtimeServer azure;
    private final SlowListener call = new SlowListener();
    private AssistantSession assistant;
    private ScriptedRealtimeServer.Connection server;

    @BeforeEach
    void startSessionAndHoldItsEventLoop() throws Exception {
        azure = new ScriptedRealtimeServer();
        SessionConfig config =
                new SessionConfig("x", "marin", AzureAudioFormat.PCMU, TurnDetection.phoneDefaults(), null, List.of());
        assistant = new AssistantSession(
                "call-threads",
                LoopbackRealtime.connector(azure),
                config,
                40,
                5000,
                false,
                new Transcript(Clock.systemUTC()),
                Clock.systemUTC(),
                call);
        assistant.start();
        RecordingCallLeg.await(
                "assistant ready", LoopbackRealtime.WAIT, () -> assistant.state() == AssistantSession.State.READY);
        server = azure.awaitConnection(1);
        server.send("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":0,\"item_id\":\"item_u1\"}");
        assertThat(call.handling.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() {
        call.release.countDown();
        assistant.close();
        azure.close();
    }

    @Test
    void shouldSendCallerAudioInOrderWithoutWaitingWhileAzureEventHandlingHoldsTheLinksLock() {
        // Given a ready session whose event loop is inside the handling of speech_started

        // When the caller's transport delivers ten 20 ms frames
        CompletableFuture<Integer> lost = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            for (int i = 1; i <= 10; i++) {
                n += assistant.sendCallerAudio(frame(i));
            }
            return n;
        });

        // Then every frame is taken while that handling still goes on, and none is lost
        assertThat(lost).succeedsWithin(WAIT).isEqualTo(0);
        assertThat(call.handled).isFalse();
        assertThat(assistant.bytesSent()).isEqualTo(1600);

        // And once the event loop is free, Azure hears them as five appends, in order
        call.release.countDown();
        RecordingCallLeg.await(
                "five appends",
                LoopbackRealtime.WAIT,
                () -> server.received("input_audio_buffer.append").size() == 5);
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        server.received("input_audio_buffer.append").forEach(a -> heard.writeBytes(audio(a)));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        for (int i = 1; i <= 10; i++) {
            said.writeBytes(frame(i));
        }
        assertThat(heard.toByteArray()).isEqualTo(said.toByteArray());
    }

    @Test
    void shouldServeTheClockKeysBargeInAndStatsWhileAzureEventHandlingHoldsTheLinksLock() {
        // Given a ready session whose event loop is inside the handling of speech_started

        // When the media clock ticks, the caller presses a key and interrupts, and the admin API looks
        CompletableFuture<AssistantSession.State> elsewhere = CompletableFuture.supplyAsync(() -> {
            assistant.onClockTick(true);
            assistant.onClockTick(true);
            assistant.callerPressed('#');
            assistant.truncate("item_a1", 200, 400);
            assistant.cancelResponse();
            assistant.usage();
            assistant.responses();
            assistant.reconnects();
            return assistant.state();
        });

        // Then all of it returns while that handling still goes on
        assertThat(elsewhere).succeedsWithin(WAIT).isEqualTo(AssistantSession.State.READY);
        assertThat(call.handled).isFalse();
        assertThat(assistant.truncates()).isEqualTo(1);

        // And what they sent reaches Azure once the event loop is free
        call.release.countDown();
        RecordingCallLeg.await(
                "the cancel",
                LoopbackRealtime.WAIT,
                () -> !server.received("response.cancel").isEmpty());
        assertThat(server.received("conversation.item.create")).hasSize(1);
        assertThat(server.received("conversation.item.truncate")).hasSize(1);
    }
}
