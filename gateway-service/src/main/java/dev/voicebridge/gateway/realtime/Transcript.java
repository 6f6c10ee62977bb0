package dev.voicebridge.gateway.realtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the caller and the assistant said on one call, in order. It survives reconnects (it is what
 * a fresh session is primed with) and is what the admin API shows. When the caller interrupts, the
 * assistant's line is cut to the share of its audio the caller actually heard, so the record does
 * not keep words that were never spoken. Each final line, and a line cut after it was final, goes to
 * the listener given at construction, on the thread that wrote it (the Realtime event loop, or the
 * caller's barge-in), under this transcript's lock: it must only hand the line on.
 */
public final class Transcript {

    public enum Role {
        CALLER,
        ASSISTANT
    }

    public record Entry(Role role, String itemId, String text, Instant at, boolean interrupted) {}

    /**
     * Told of every line as it becomes final, and again when an interruption cuts a line already
     * told ({@code seq} is its place in the call, from 0). Called under this transcript's lock, on
     * the Realtime event loop or the caller's path: it must only hand the line on, never wait.
     */
    public interface Listener {
        void line(int seq, Entry entry);
    }

    private final Clock clock;
    private final Consumer<Entry> lines;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Double> heardShare = new HashMap<>();
    private Listener listener = (seq, entry) -> {};

    public Transcript(Clock clock) {
        this(clock, line -> {});
    }

    /** A transcript that tells {@code lines} of every final line, and of each line cut later. */
    public Transcript(Clock clock, Consumer<Entry> lines) {
        this.clock = clock;
        this.lines = lines;
    }

    /** From now on, every line that becomes final or is cut goes to {@code listener} too. */
    public synchronized void listen(Listener listener) {
        this.listener = listener;
    }

    public synchronized void caller(String itemId, String text) {
        if (text != null && !text.isBlank()) {
            add(new Entry(Role.CALLER, itemId, text.trim(), clock.instant(), false));
        }
    }

    public synchronized void assistant(String itemId, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        Double share = heardShare.remove(itemId);
        if (share == null) {
            add(new Entry(Role.ASSISTANT, itemId, text.trim(), clock.instant(), false));
        } else {
            add(new Entry(Role.ASSISTANT, itemId, cut(text.trim(), share), clock.instant(), true));
        }
    }

    /**
     * The caller heard {@code playedMs} of {@code receivedMs} of this item's audio. Applied to the
     * item's line whether it was already written or arrives later.
     */
    public synchronized void truncated(String itemId, long playedMs, long receivedMs) {
        double share = receivedMs <= 0 ? 0 : Math.min(1.0, (double) playedMs / receivedMs);
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.role() == Role.ASSISTANT && e.itemId() != null && e.itemId().equals(itemId)) {
                Entry heard = new Entry(e.role(), e.itemId(), cut(e.text(), share), e.at(), true);
                entries.set(i, heard);
                lines.accept(heard);
                listener.line(i, heard);
                return;
            }
        }
        heardShare.put(itemId, share);
    }

    private void add(Entry line) {
        entries.add(line);
        lines.accept(line);
        listener.line(entries.size() - 1, line);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The last {@code n} entries, oldest first: what is replayed into a new session. */
    public synchronized List<Entry> recent(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    static String cut(String text, double share) {
        int end = (int) Math.round(text.length() * share);
        if (end >= text.length()) {
            return text;
        }
        int space = text.lastIndexOf(' ', end);
        end = space > 0 ? space : end;
        return text.substring(0, end).trim() + "…";
    }
}
