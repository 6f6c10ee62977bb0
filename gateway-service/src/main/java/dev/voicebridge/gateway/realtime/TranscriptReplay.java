package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import java.util.List;

/**
 * Primes a fresh session with the call so far: the last {@code items} transcript entries, oldest
 * first, as text items (assistant audio cannot be re-created, its words can). Sent after
 * session.updated and before the session is published as live, so the model has the context before
 * the caller's next word reaches it.
 *
 * <p>Threads: the Realtime event loop of the new session, under the link's lock. Holds no state of
 * its own; the {@link Transcript} it reads is thread-safe.
 */
final class TranscriptReplay {

    private final Transcript transcript;
    private final ClientEvents events;
    private final int items;

    TranscriptReplay(Transcript transcript, ClientEvents events, int items) {
        this.transcript = transcript;
        this.events = events;
        this.items = items;
    }

    /** Sends the recent conversation to {@code connection}; returns how many items went. */
    int into(RealtimeConnection connection) {
        List<Transcript.Entry> recent = transcript.recent(items);
        for (Transcript.Entry entry : recent) {
            connection.send(events.textMessage(entry.role() == Transcript.Role.ASSISTANT, entry.text()));
        }
        return recent.size();
    }
}
