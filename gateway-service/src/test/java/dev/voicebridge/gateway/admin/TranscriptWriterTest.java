package dev.voicebridge.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.calls.TranscriptWriter;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.model.call.InMemoryTranscriptStore;
import dev.voicebridge.model.call.TranscriptStore;
import dev.voicebridge.model.call.TranscriptTurn;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A call's transcript as the writer stores it: final lines in order, interrupted lines as heard. */
class TranscriptWriterTest {

    // Only stamps the lines; the in-memory store keeps no expiry and no assertion reads the time.
    private final Clock clock = Clock.systemUTC();
    private final InMemoryTranscriptStore store = new InMemoryTranscriptStore();

    @Test
    void shouldStoreAnInterruptedLineAsHeardEvenWhenTheCutArrivesAfterItWasWritten() throws Exception {
        // Given a call whose transcript the writer follows, with a caller line and an assistant line stored
        try (TranscriptWriter writer = new TranscriptWriter(store)) {
            Transcript transcript = new Transcript(clock);
            writer.follow("tx-1", "gw-1", transcript);
            transcript.caller("item-c1", "What are your opening hours?");
            transcript.assistant("item-a1", "We are open from nine to five on weekdays and ten to two on Saturdays.");
            assertThat(writer.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(store.turns("tx-1").get(1).interrupted()).isFalse();

            // When the caller turns out to have heard only 40% of the assistant's audio
            transcript.truncated("item-a1", 400, 1000);
            writer.flush(Duration.ofSeconds(5));

            // Then the stored turn is the line as heard, marked interrupted, in its place
            List<TranscriptTurn> turns = store.turns("tx-1");
            assertThat(turns).hasSize(2);
            assertThat(turns.get(0).text()).isEqualTo("What are your opening hours?");
            assertThat(turns.get(1).seq()).isEqualTo(1);
            assertThat(turns.get(1).interrupted()).isTrue();
            assertThat(turns.get(1).text()).isEqualTo("We are open from nine to…");
            assertThat(turns.get(1).text())
                    .isEqualTo(transcript.entries().get(1).text());
        }
    }

    @Test
    void shouldNeverMakeTheCallWaitForAStoreThatHangs() throws Exception {
        // Given a store that hangs on every write
        CountDownLatch release = new CountDownLatch(1);
        TranscriptStore hanging = new TranscriptStore() {
            @Override
            public void put(TranscriptTurn turn) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                store.put(turn);
            }

            @Override
            public List<TranscriptTurn> turns(String callId) {
                return store.turns(callId);
            }
        };
        try (TranscriptWriter writer = new TranscriptWriter(hanging)) {
            Transcript transcript = new Transcript(clock);
            writer.follow("tx-2", "gw-2", transcript);

            // When the call says far more lines than the writer queues for one call
            for (int i = 0; i < 300; i++) {
                transcript.caller("item-" + i, "line " + i);
            }

            // Then every line was taken without waiting, the excess counted as dropped,
            // and once the store answers, the queued lines are stored in order
            assertThat(transcript.entries()).hasSize(300);
            assertThat(writer.dropped()).isEqualTo(300 - 256);
            release.countDown();
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store.turns("tx-2")).hasSize(256);
            assertThat(store.turns("tx-2").getLast().text()).isEqualTo("line 255");
        }
    }
}
