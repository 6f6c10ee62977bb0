package dev.voicebridge.gateway.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The overrides of the calls this gateway placed through the calls API, by SMA TransactionId (the
 * call's id), until the call reaches the gateway over SIP or they expire. It owns only that map:
 * written by the API's request threads, read by the SIP threads that open calls. Entries live
 * {@link #TTL}, longer than any ring-and-answer, compared with the application's {@link Clock}.
 */
@Component
public final class PlacedCalls {

    /** Longer than the SMA's ringing timeout plus the bridge; an older entry is a call that never came. */
    static final Duration TTL = Duration.ofMinutes(10);

    private record Entry(CallOverrides overrides, Instant expires) {}

    private final Clock clock;
    private final Map<String, Entry> byTransaction = new ConcurrentHashMap<>();

    public PlacedCalls(Clock clock) {
        this.clock = clock;
    }

    /** Remembers the overrides of a call just placed, whose SMA TransactionId is {@code callId}. */
    public void placed(String callId, CallOverrides overrides) {
        Instant now = clock.instant();
        byTransaction.values().removeIf(e -> e.expires().isBefore(now));
        if (!overrides.isEmpty()) {
            byTransaction.put(callId, new Entry(overrides, now.plus(TTL)));
        }
    }

    /** {@code setup} with the overrides of the placed call it is, or unchanged when it is not one. */
    public CallSetup join(CallSetup setup) {
        String id = setup.smaTransactionId();
        Entry entry = id == null ? null : byTransaction.get(id);
        if (entry == null || entry.expires().isBefore(clock.instant())) {
            return setup;
        }
        return entry.overrides().applyTo(setup);
    }
}
