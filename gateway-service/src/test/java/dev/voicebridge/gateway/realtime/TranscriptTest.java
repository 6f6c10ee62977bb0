package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    private final Transcript transcript = new Transcript(Clock.systemUTC());

    @Test
    void shouldKeepOnlyTheHeardShareOfAnInterruptedLineWhicheverArrivesFirst() {
        // Given one answer whose text arrived before the interruption and one whose text came after
        transcript.caller("u1", "What are your opening hours?");
        transcript.assistant("a1", "We are open from nine to five on weekdays and ten to two on Saturdays.");
        transcript.truncated("a1", 1000, 4000);
        transcript.truncated("a2", 0, 3000);
        transcript.assistant("a2", "Is there anything else I can help you with today?");

        // Then each line is cut at a word boundary to the share the caller heard, and marked
        var entries = transcript.entries();
        assertThat(entries.get(1).text()).isEqualTo("We are open from…");
        assertThat(entries.get(1).interrupted()).isTrue();
        assertThat(entries.get(2).text()).isEqualTo("…");
        assertThat(entries.get(0).interrupted()).isFalse();
        assertThat(transcript.recent(2)).extracting(Transcript.Entry::itemId).containsExactly("a1", "a2");
    }
}
