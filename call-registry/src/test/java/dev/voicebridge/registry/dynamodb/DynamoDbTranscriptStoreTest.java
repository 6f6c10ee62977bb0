package dev.voicebridge.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.call.InMemoryTranscriptStore;
import dev.voicebridge.model.call.TranscriptStore;
import dev.voicebridge.model.call.TranscriptTurn;
import dev.voicebridge.model.call.TranscriptTurn.Speaker;
import dev.voicebridge.testsupport.DynamoDbLocal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The transcript store on DynamoDB Local, and the in-memory store held to the same behaviour: a
 * turn per call and sequence number, a rewrite replaces, reads in order, and a call far longer than
 * one DynamoDB item could hold reads back whole.
 */
class DynamoDbTranscriptStoreTest {

    /** Stopped at the wall clock's now: DynamoDB Local deletes expired items by the wall clock. */
    private static final Clock CLOCK = Clock.fixed(
            Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).plusNanos(5_000_001), ZoneOffset.UTC);

    private static final Instant T0 = CLOCK.instant();
    private static final DynamoDbClient CLIENT = DynamoDbLocal.client();

    static List<TranscriptStore> stores() {
        String table = DynamoDbLocal.newTable("calls");
        CallRegistryTables.createTranscripts(CLIENT, table);
        return List.of(
                new DynamoDbTranscriptStore(CLIENT, table, Duration.ofDays(7), CLOCK), new InMemoryTranscriptStore());
    }

    private static TranscriptTurn turn(String callId, int seq, Speaker who, String text) {
        return new TranscriptTurn(callId, seq, who, text, T0.plusMillis(seq), false);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldReadTurnsBackInOrderWithARewriteReplacingTheTurn(TranscriptStore store) {
        // Given three turns written out of order, then the assistant's turn written again, cut short
        store.put(turn("tx-1", 2, Speaker.CALLER, "Stop, thanks."));
        store.put(turn("tx-1", 0, Speaker.CALLER, "Hello?"));
        store.put(turn("tx-1", 1, Speaker.ASSISTANT, "Hi! Our opening hours are nine to five on weekdays."));
        store.put(new TranscriptTurn("tx-1", 1, Speaker.ASSISTANT, "Hi! Our opening…", T0.plusMillis(1), true));
        store.put(turn("tx-other", 0, Speaker.CALLER, "another call"));

        // When the call's transcript is read
        List<TranscriptTurn> turns = store.turns("tx-1");

        // Then it is the three turns in order, the interrupted one as heard, every field as written
        assertThat(turns)
                .containsExactly(
                        turn("tx-1", 0, Speaker.CALLER, "Hello?"),
                        new TranscriptTurn("tx-1", 1, Speaker.ASSISTANT, "Hi! Our opening…", T0.plusMillis(1), true),
                        turn("tx-1", 2, Speaker.CALLER, "Stop, thanks."));
        assertThat(store.turns("tx-unknown")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldKeepACallWhoseTranscriptIsFarLargerThanOneItem(TranscriptStore store) {
        // Given a long call: 600 turns of 2,000 characters, 1.2 MB of text (three times DynamoDB's
        // item limit, and more than one Query page)
        String line = "x".repeat(1_999) + "!";
        IntStream.range(0, 600)
                .forEach(i -> store.put(turn("tx-long", i, i % 2 == 0 ? Speaker.CALLER : Speaker.ASSISTANT, line)));

        // When it is read back
        List<TranscriptTurn> turns = store.turns("tx-long");

        // Then every turn is there, in order
        assertThat(turns).hasSize(600);
        assertThat(turns).extracting(TranscriptTurn::seq).isSorted();
        assertThat(turns.get(599).text()).isEqualTo(line);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldCutALineLongerThanTheLimitAndStillStoreIt(TranscriptStore store) {
        // Given a turn of 200,000 characters (800 KB of UTF-8 at worst: over the item limit)
        store.put(turn("tx-big", 0, Speaker.ASSISTANT, "é".repeat(200_000)));

        // When it is read back
        TranscriptTurn stored = store.turns("tx-big").getFirst();

        // Then it is the first MAX_TEXT_CHARS characters, marked as cut
        assertThat(stored.text()).hasSize(TranscriptTurn.MAX_TEXT_CHARS).endsWith("é…");
    }

    @Test
    void shouldTreatTurnsPastTheirExpiryAsGone() {
        // Given a turn written by a store whose clock is one retention + grace + 1 s in the past
        String table = DynamoDbLocal.newTable("calls");
        CallRegistryTables.createTranscripts(CLIENT, table);
        Duration retention = Duration.ofDays(1);
        Clock past = Clock.offset(
                CLOCK,
                retention.plus(DynamoDbTranscriptStore.GRACE).plusSeconds(1).negated());
        new DynamoDbTranscriptStore(CLIENT, table, retention, past).put(turn("tx-old", 0, Speaker.CALLER, "old"));
        // and one written a moment ago
        DynamoDbTranscriptStore now = new DynamoDbTranscriptStore(CLIENT, table, retention, CLOCK);
        now.put(turn("tx-new", 0, Speaker.CALLER, "new"));

        // When both are read now (DynamoDB TTL deletes only eventually)
        // Then only the fresh one is there
        assertThat(now.turns("tx-old")).isEmpty();
        assertThat(now.turns("tx-new")).extracting(TranscriptTurn::text).containsExactly("new");
    }
}
