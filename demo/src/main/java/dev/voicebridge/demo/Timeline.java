package dev.voicebridge.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What happened during the demo call, from the caller's side and from Azure's (the simulator's). */
final class Timeline {

    /** Who saw it happen. */
    enum Source {
        CALLER,
        AZURE
    }

    /** One line of the timeline. */
    record Event(Instant at, Source source, String kind, String text) {}

    private final List<Event> events = new ArrayList<>();
    private volatile Instant start = Instant.now();

    /** Time 0 of the printed timeline: the moment the call connects. */
    void startNow() {
        start = Instant.now();
    }

    Instant start() {
        return start;
    }

    synchronized void add(Source source, String kind, String text) {
        add(Instant.now(), source, kind, text);
    }

    synchronized void add(Instant at, Source source, String kind, String text) {
        events.add(new Event(at, source, kind, text));
    }

    /** Events in time order. */
    synchronized List<Event> events() {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Event::at));
        return sorted;
    }

    /** The kinds in time order, for assertions. */
    List<String> kinds() {
        return events().stream().map(Event::kind).toList();
    }

    void print(PrintStream out) {
        out.println("     time  who      what");
        for (Event e : events()) {
            double seconds = Duration.between(start, e.at()).toMillis() / 1000.0;
            out.printf("  %6.2fs  %-7s  %s%n", seconds, e.source().name().toLowerCase(), e.text());
        }
    }
}
