package dev.voicebridge.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The call events bean on its own: numbering, replay, the end of a call's stream, every call's stream. */
class CallEventsTest {

    private final CallEvents events =
            new CallEvents(Clock.fixed(Instant.ofEpochSecond(1_800_000_000L, 123_456_789), ZoneOffset.UTC));

    @Test
    void shouldReplayACallsEventsToALateReaderThenGoLiveAndEndWithTheCall() {
        // Given a call with two events already
        events.publish("c1", "call.started", Map.of("transport", "SIP"));
        events.publish("c1", "call.answered", Map.of("state", "READY"));

        // When a reader comes late, and the call goes on and ends
        CompletableFuture<List<String>> seen = events.call("c1")
                .map(e -> e.type() + "#" + e.seq())
                .collectList()
                .toFuture();
        events.publish("c1", "transcript.turn", Map.of("text", "hi"));
        events.publish("c1", "call.ended", Map.of("reason", "CALLER_HANGUP"));

        // Then it gets the past, the live and the end, and its stream completes
        assertThat(seen.orTimeout(5, TimeUnit.SECONDS).join())
                .containsExactly("call.started#1", "call.answered#2", "transcript.turn#3", "call.ended#4");

        // And a reader after the end gets the whole call, to the millisecond of the clock
        List<CallEvent> after = events.call("c1").collectList().block(Duration.ofSeconds(5));
        assertThat(after).extracting(CallEvent::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(after.getFirst().timestamp()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L, 123_000_000));
        assertThat(after.getFirst().data()).containsEntry("callId", "c1").containsEntry("transport", "SIP");
        assertThat(events.knows("c1")).isTrue();
        assertThat(events.knows("other")).isFalse();
    }

    @Test
    void shouldGiveEveryCallsReaderOnlyLiveEventsOfAllCalls() {
        // Given an event before anyone listens
        events.publish("a", "call.started", Map.of());

        // When a reader of every call joins and two calls go on
        CompletableFuture<List<String>> seen = events.all()
                .map(e -> e.callId() + "#" + e.seq())
                .take(3)
                .collectList()
                .toFuture();
        events.publish("b", "call.started", Map.of());
        events.publish("a", "call.answered", Map.of());
        events.publish("b", "call.ended", Map.of());

        // Then it sees only what happened after it joined, in order
        assertThat(seen.orTimeout(5, TimeUnit.SECONDS).join()).containsExactly("b#1", "a#2", "b#2");
    }

    @Test
    void shouldKeepOnlyTheLastEventsOfALongCall() {
        // Given a call with more events than are kept
        for (int i = 0; i < CallEvents.KEPT_PER_CALL + 10; i++) {
            events.publish("long", "transcript.turn", Map.of());
        }

        // When a late reader replays it
        List<CallEvent> replay =
                events.call("long").take(CallEvents.KEPT_PER_CALL).collectList().block();

        // Then it gets the last ones, in order
        assertThat(replay).hasSize(CallEvents.KEPT_PER_CALL);
        assertThat(replay.getFirst().seq()).isEqualTo(11);
        assertThat(replay.getLast().seq()).isEqualTo(CallEvents.KEPT_PER_CALL + 10);
    }
}
