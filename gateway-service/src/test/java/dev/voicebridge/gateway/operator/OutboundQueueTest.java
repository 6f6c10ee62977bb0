package dev.voicebridge.gateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class OutboundQueueTest {

    @Test
    void shouldDropTheOldestAudioAndCountItWhenTheBrowserIsBehind() {
        // Given a queue whose browser has asked for nothing yet
        OutboundQueue queue = new OutboundQueue();

        // When more audio frames arrive than it holds, and a text message
        for (int i = 0; i < OutboundQueue.AUDIO_CAPACITY + 5; i++) {
            queue.offerAudio(new byte[] {(byte) i});
        }
        queue.offerText("{\"type\":\"levels\"}");
        queue.complete();

        // Then the five oldest frames are dropped and counted, text goes first, the rest in order
        assertThat(queue.droppedAudio()).isEqualTo(5);
        List<Object> sent = queue.messages().collectList().block(Duration.ofSeconds(5));
        assertThat(sent).hasSize(OutboundQueue.AUDIO_CAPACITY + 1);
        assertThat(sent.get(0)).isEqualTo("{\"type\":\"levels\"}");
        assertThat(((byte[]) sent.get(1))[0]).isEqualTo((byte) 5);
        assertThat(((byte[]) sent.get(sent.size() - 1))[0]).isEqualTo((byte) (OutboundQueue.AUDIO_CAPACITY + 4));
    }

    @Test
    void shouldSendOnlyWhatTheBrowserAsksFor() {
        // Given three queued frames
        OutboundQueue queue = new OutboundQueue();
        for (int i = 0; i < 3; i++) {
            queue.offerAudio(new byte[] {(byte) i});
        }

        // When the browser asks for one
        List<Object> got = new CopyOnWriteArrayList<>();
        queue.messages().subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(Object value) {
                got.add(value);
            }
        });
        queue.offerAudio(new byte[] {3}); // a drain after the request: still only one may go

        // Then exactly one comes, the oldest, and none is dropped
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(got).hasSize(1);
        assertThat(((byte[]) got.get(0))[0]).isEqualTo((byte) 0);
        assertThat(queue.droppedAudio()).isZero();
    }
}
