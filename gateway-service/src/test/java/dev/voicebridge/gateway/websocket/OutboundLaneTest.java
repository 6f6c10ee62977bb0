package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A stream's way out on its own, with an event loop the test runs by hand: messages are encoded
 * only when the loop runs, in the order handed in, the bound counts what the writer has not taken,
 * and the end comes after everything handed in before it.
 */
class OutboundLaneTest {

    /** An event loop that runs its tasks only when told, on the test's thread. */
    private static final class ManualLoop implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = next()) != null) {
                task.run();
            }
        }

        private synchronized Runnable next() {
            return tasks.poll();
        }
    }

    /** The socket's writer: takes messages only as fast as the test requests them. */
    private static final class Writer extends BaseSubscriber<String> {
        final List<String> written = new CopyOnWriteArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {}

        @Override
        protected void hookOnNext(String value) {
            written.add(value);
        }

        @Override
        protected void hookOnComplete() {
            completed.set(true);
        }
    }

    private final ManualLoop loop = new ManualLoop();
    private final OutboundLane lane = new OutboundLane(loop, 3, () -> "call-lane");

    @Test
    void shouldEncodeNothingUntilTheEventLoopRunsAndThenEverythingInOrder() {
        // Given a writer that takes whatever comes
        Writer writer = new Writer();
        lane.messages().subscribe(writer);
        writer.request(Long.MAX_VALUE);
        AtomicReference<Thread> encodedOn = new AtomicReference<>();

        // When another thread hands in three messages
        Thread producer = Thread.ofPlatform().unstarted(() -> {
            lane.offer(() -> {
                encodedOn.set(Thread.currentThread());
                return "media-1";
            });
            lane.offer(() -> "media-2");
            lane.offer(() -> "clear");
        });
        producer.start();
        joinQuietly(producer);

        // Then nothing is encoded on that thread; the loop encodes all three, in order
        assertThat(encodedOn.get()).isNull();
        assertThat(writer.written).isEmpty();
        loop.runAll();
        assertThat(writer.written).containsExactly("media-1", "media-2", "clear");
        assertThat(encodedOn.get()).isSameAs(Thread.currentThread()).isNotSameAs(producer);
        assertThat(lane.encodingThread()).isSameAs(Thread.currentThread());
    }

    @Test
    void shouldRefuseMessagesBeyondTheBoundUntilTheWriterTakesSome() {
        // Given a writer that has taken nothing yet
        Writer writer = new Writer();
        lane.messages().subscribe(writer);

        // When four messages are handed in with room for three, some encoded and some not
        boolean first = lane.offer(() -> "m1");
        boolean second = lane.offer(() -> "m2");
        loop.runAll();
        boolean third = lane.offer(() -> "m3");
        boolean fourth = lane.offer(() -> "m4");

        // Then the fourth is refused, whether the others wait encoded or not
        assertThat(List.of(first, second, third)).containsOnly(true);
        assertThat(fourth).isFalse();

        // And once the writer takes two, two more fit
        writer.request(2);
        assertThat(writer.written).containsExactly("m1", "m2");
        assertThat(lane.offer(() -> "m5")).isTrue();
        assertThat(lane.offer(() -> "m6")).isTrue();
        assertThat(lane.offer(() -> "m7")).isFalse();
        loop.runAll();
        writer.request(Long.MAX_VALUE);
        assertThat(writer.written).containsExactly("m1", "m2", "m3", "m5", "m6");
    }

    @Test
    void shouldEndAfterEverythingHandedInBeforeTheEnd() {
        // Given messages handed in and then the end, before the loop has run
        Writer writer = new Writer();
        lane.messages().subscribe(writer);
        writer.request(Long.MAX_VALUE);
        lane.offer(() -> "media");
        lane.offer(() -> "mark");
        lane.end();

        // When the loop runs
        loop.runAll();

        // Then both messages are written, then the messages complete
        assertThat(writer.written).containsExactly("media", "mark");
        assertThat(writer.completed).isTrue();
    }

    @Test
    void shouldScheduleTheEventLoopOncePerBurstNotOncePerMessage() {
        // When many messages are handed in before the loop gets to run
        for (int i = 0; i < 3; i++) {
            lane.offer(() -> "m");
        }

        // Then the loop was given one task for all of them
        assertThat(loop.tasks).hasSize(1);
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
