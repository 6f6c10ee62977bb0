package dev.voicebridge.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.AzureAudioFormat;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The caller-bound half of a call on its own: one frame per tick, barge-in as one step, late audio
 * of an interrupted response dropped, and the waiters of playoutDone. The leg records what it was
 * handed; Azure's audio is fed in by hand (µ-law both sides, so the frames are Azure's bytes).
 */
class CallPlayoutTest {

    private static final int FRAME = AudioFormat.PCMU.frameBytes();

    private final RecordingCallLeg leg = new RecordingCallLeg(AudioFormat.PCMU, () -> 0);
    private final CallCounters counters = new CallCounters();

    private CallPlayout playout() {
        return playout(arrived -> {});
    }

    private CallPlayout playout(CallPlayout.FrameOut frameOut) {
        return new CallPlayout(leg, AzureAudioFormat.PCMU, 100, counters, frameOut);
    }

    private static byte[] audio(int bytes, int value) {
        byte[] out = new byte[bytes];
        Arrays.fill(out, (byte) value);
        return out;
    }

    @Test
    void shouldHandTheLegOneFramePerTickAndSilenceWhenNothingIsQueued() {
        // Given 50 ms of an item's audio, whose item is then complete
        CallPlayout playout = playout();
        playout.add("resp-1", "item-1", audio(400, 0x11), UnaryOperator.identity());
        playout.itemDone("item-1");

        // When the clock ticks four times
        for (int i = 0; i < 4; i++) {
            playout.tick(false);
        }

        // Then the leg got three frames (the last one padded with silence) and then one silence
        List<RecordingCallLeg.Event> events = leg.events();
        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).allMatch(e -> e instanceof RecordingCallLeg.Frame);
        assertThat(events.get(3)).isInstanceOf(RecordingCallLeg.Silence.class);
        byte[] last = leg.frames().get(2).bytes();
        assertThat(Arrays.copyOfRange(last, 0, 80)).isEqualTo(audio(80, 0x11));
        assertThat(Arrays.copyOfRange(last, 80, FRAME)).isEqualTo(AudioFormat.PCMU.silence(80));
        assertThat(counters.framesOut()).isEqualTo(3);
        assertThat(counters.silenceFrames()).isEqualTo(1);
        assertThat(counters.bytesFromAzure()).isEqualTo(400);
    }

    @Test
    void shouldFlushClearOnceAndReportTheFramesHandedOutWhenTheCallerBargesIn() {
        // Given a streaming response with 100 ms queued, of which two frames have been played
        CallPlayout playout = playout();
        playout.responseStarted("resp-1");
        playout.add("resp-1", "item-1", audio(5 * FRAME, 0x11), UnaryOperator.identity());
        playout.tick(false);
        playout.tick(false);

        // When the caller starts speaking
        CallPlayout.Interruption cut = playout.bargeIn();

        // Then the leg is told to clear right after the frames it played, and the cut says what
        // was heard: 40 ms of the 100 received, while the response was still active
        assertThat(cut).isEqualTo(new CallPlayout.Interruption("item-1", 40, 100, true));
        assertThat(cut.heardMs()).isEqualTo(40);
        assertThat(leg.events())
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Frame", "Frame", "Clear");
        assertThat(counters.queueDepth()).isZero();

        // And late audio of that response is discarded, while the next response plays
        playout.add("resp-1", "item-1", audio(FRAME, 0x11), UnaryOperator.identity());
        playout.tick(false);
        playout.responseStarted("resp-2");
        playout.add("resp-2", "item-2", audio(FRAME, 0x22), UnaryOperator.identity());
        playout.tick(false);
        assertThat(counters.discarded()).isEqualTo(1);
        assertThat(leg.events())
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Frame", "Frame", "Clear", "Silence", "Frame");
        assertThat(leg.frames().get(2).bytes()).isEqualTo(audio(FRAME, 0x22));
    }

    @Test
    void shouldCapWhatWasHeardAtTheAudioReceived() {
        // Given 12 ms of audio, padded to one frame and played, while its response still streams
        CallPlayout playout = playout();
        playout.responseStarted("resp-1");
        playout.add("resp-1", "item-1", audio(96, 0x11), UnaryOperator.identity());
        playout.itemDone("item-1");
        playout.tick(false);

        // When the caller barges in
        CallPlayout.Interruption cut = playout.bargeIn();

        // Then the 20 ms frame counts as 12 ms heard
        assertThat(cut.playedMs()).isEqualTo(20);
        assertThat(cut.heardMs()).isEqualTo(12);
    }

    @Test
    void shouldNotClearTheLegWhenTheCallerSpeaksWithNothingAudible() {
        // Given a response that played completely and is done
        CallPlayout playout = playout();
        playout.responseStarted("resp-1");
        playout.add("resp-1", "item-1", audio(FRAME, 0x11), UnaryOperator.identity());
        playout.tick(false);
        playout.responseDone("resp-1");

        // When the caller starts speaking
        CallPlayout.Interruption cut = playout.bargeIn();

        // Then it is a turn, not an interruption: no clear
        assertThat(cut).isNull();
        assertThat(leg.count(RecordingCallLeg.Clear.class)).isZero();
    }

    @Test
    void shouldCompletePlayoutDoneOnlyOnceEverythingPlayedAndTheResponseIsDone() {
        // Given a streaming response with two frames queued, and a tool waiting for playout
        CallPlayout playout = playout();
        playout.responseStarted("resp-1");
        playout.add("resp-1", "item-1", audio(2 * FRAME, 0x11), UnaryOperator.identity());
        CompletableFuture<Void> done = playout.done(Duration.ofSeconds(30)).toFuture();

        // When both frames play, the wait goes on while the response is streaming
        assertThat(playout.tick(false)).isFalse();
        assertThat(playout.tick(false)).isFalse();
        assertThat(done).isNotDone();

        // Then it completes on the first tick after the response is done
        playout.responseDone("resp-1");
        assertThat(playout.tick(false)).isTrue();
        assertThat(done).isCompleted();
    }

    @Test
    void shouldReleaseWaitersAndQueueNothingOnceClosed() {
        // Given queued audio and a waiter
        CallPlayout playout = playout();
        playout.responseStarted("resp-1");
        playout.add("resp-1", "item-1", audio(FRAME, 0x11), UnaryOperator.identity());
        CompletableFuture<Void> waiting = playout.done(Duration.ofSeconds(30)).toFuture();

        // When the call ends
        playout.close();

        // Then the waiter is released, later waiters do not wait, and late audio is not queued
        assertThat(waiting).isCompleted();
        assertThat(playout.done(Duration.ofSeconds(30)).toFuture()).isCompleted();
        playout.add("resp-1", "item-1", audio(FRAME, 0x11), UnaryOperator.identity());
        playout.tick(false);
        assertThat(leg.frameCount()).isZero();
    }

    @Test
    void shouldReportAFrameOutWithoutHoldingThePlayoutLock() throws Exception {
        // Given a playout whose frame-out report makes another thread barge in and waits for it
        AtomicReference<CallPlayout> self = new AtomicReference<>();
        AtomicBoolean bargedIn = new AtomicBoolean();
        CallPlayout playout = playout(arrived -> {
            try {
                CompletableFuture.runAsync(() -> self.get().bargeIn()).get(5, TimeUnit.SECONDS);
                bargedIn.set(true);
            } catch (Exception e) {
                // the other thread could not take the lock: bargedIn stays false
            }
        });
        self.set(playout);
        playout.responseStarted("resp-1");
        playout.add("resp-1", "item-1", audio(2 * FRAME, 0x11), UnaryOperator.identity());

        // When the clock hands out a frame
        CompletableFuture<Void> tick = CompletableFuture.runAsync(() -> playout.tick(false));

        // Then the tick returns, and the other thread got the lock while the report ran
        assertThat(tick).succeedsWithin(Duration.ofSeconds(10));
        assertThat(bargedIn).isTrue();
        assertThat(leg.count(RecordingCallLeg.Clear.class)).isEqualTo(1);
    }

    @Test
    void shouldNeverLetAFrameOfTheInterruptedResponseReachTheLegAfterTheClear() throws Exception {
        // Given a clock ticking on its own thread
        CallPlayout playout = playout();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread clock = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                playout.tick(false);
            }
        });
        try {
            // When, round after round, a response streams and the caller barges in over it on
            // another thread while the clock hands frames out (each round's audio is its number)
            for (int round = 1; round <= 200; round++) {
                String response = "resp-" + round;
                playout.responseStarted(response);
                playout.add(response, "item-" + round, audio(4 * FRAME, round), UnaryOperator.identity());
                Thread.onSpinWait();
                playout.bargeIn();
                playout.add(response, "item-" + round, audio(4 * FRAME, round), UnaryOperator.identity());
                playout.responseDone(response);
            }
        } finally {
            running.set(false);
            clock.join(5000);
        }

        // Then each round was cleared once (its audio was always audible), and no frame of a round
        // reached the leg after that round's clear
        assertThat(leg.count(RecordingCallLeg.Clear.class)).isEqualTo(200);
        int clearedRounds = 0;
        for (RecordingCallLeg.Event e : leg.events()) {
            if (e instanceof RecordingCallLeg.Frame f) {
                assertThat(Byte.toUnsignedInt(f.bytes()[0]))
                        .as("round of a frame after round %d was cleared", clearedRounds)
                        .isGreaterThan(clearedRounds);
            } else if (e instanceof RecordingCallLeg.Clear) {
                clearedRounds++;
            }
        }
    }
}
