package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.RealtimeProtocol;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A fresh session is primed with the recent conversation, on a real loopback socket. */
class TranscriptReplayTest {

    private final Transcript transcript =
            new Transcript(Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC));
    private final ClientEvents events = new ClientEvents(RealtimeProtocol.forApiVersion(null));
    private ScriptedRealtimeServer azure;
    private RealtimeConnection socket;
    private ScriptedRealtimeServer.Connection server;

    @BeforeEach
    void connect() {
        azure = new ScriptedRealtimeServer();
        socket = LoopbackRealtime.connect(LoopbackRealtime.connector(azure));
        server = azure.awaitConnection(1);
    }

    @AfterEach
    void stopServer() {
        azure.close();
    }

    @Test
    void shouldReplayTheMostRecentTurnsOldestFirstAsTextItems() {
        // Given three turns, the assistant's cut where the caller interrupted it
        transcript.caller("u1", "What are your opening hours?");
        transcript.assistant("a1", "We open at nine and close at five on weekdays.");
        transcript.truncated("a1", 500, 1000);
        transcript.caller("u2", "And on Saturday?");

        // When a fresh session is primed with the last two
        int replayed = new TranscriptReplay(transcript, events, 2).into(socket);

        // Then the assistant's words as heard come first, as assistant text, then the caller's
        LoopbackRealtime.flush(socket, server);
        assertThat(replayed).isEqualTo(2);
        var items = server.received("conversation.item.create").stream()
                .map(n -> n.path("item"))
                .toList();
        assertThat(items).extracting(i -> i.path("role").stringValue()).containsExactly("assistant", "user");
        assertThat(items)
                .extracting(i -> i.path("content").get(0).path("type").stringValue())
                .containsExactly("output_text", "input_text");
        assertThat(items)
                .extracting(i -> i.path("content").get(0).path("text").stringValue())
                .containsExactly("We open at nine and…", "And on Saturday?");
    }

    @Test
    void shouldSendNothingWhenNothingWasSaidYet() {
        // Given a call where nobody has spoken
        // When a fresh session is primed
        int replayed = new TranscriptReplay(transcript, events, 30).into(socket);

        // Then nothing is sent
        LoopbackRealtime.flush(socket, server);
        assertThat(replayed).isZero();
        assertThat(LoopbackRealtime.types(server)).isEmpty();
    }
}
