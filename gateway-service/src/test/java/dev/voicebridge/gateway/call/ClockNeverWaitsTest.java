package dev.voicebridge.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The media clock is one thread pacing every call, so a tick must never wait for a lock that a
 * call's own work holds elsewhere. The bench's profile caught it doing exactly that: a session being
 * set up under load held its assistant's lock for up to 124 ms, and every other call's audio stopped
 * for that long.
 */
class ClockNeverWaitsTest {

    private final MediaClock unusedClock = new MediaClock(); // the test ticks the call itself

    @AfterEach
    void stopClock() {
        unusedClock.close();
    }

    @Test
    void shouldHandOutAudioWhileTheAssistantSessionIsLockedByAnotherThread() throws Exception {
        // Given a call with a frame of assistant audio queued, whose assistant session another
        // thread holds locked (as connection set-up and event handling do on the event loops)
        CoreLoadProbe.CountingLeg leg = new CoreLoadProbe.CountingLeg();
        CallSession call = new OfflineCalls().call("clock-1", leg, unusedClock, 1);
        call.onAssistantAudio("resp-1", "item-1", Speech.ulawVoiced(20));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (call.assistant()) {
                locked.countDown();
                awaitQuietly(release);
            }
        });
        assertThat(locked.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            // When the clock ticks the call (more than once: the health check is due on the first)
            CompletableFuture<Void> ticks = CompletableFuture.runAsync(() -> {
                call.tick(1, false);
                call.tick(2, false);
            });

            // Then both ticks return, and the frame reaches the leg, while the lock is still held
            assertThat(ticks).succeedsWithin(Duration.ofSeconds(5));
            assertThat(holder.isAlive()).isTrue();
            assertThat(leg.frames.get()).isEqualTo(1);
        } finally {
            release.countDown();
            holder.join(5000);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
