package dev.voicebridge.gateway.events;

import java.time.Instant;
import java.util.Map;

/**
 * One event of one call, in the shape webhooks and Server-Sent Events both carry (the Standard
 * Webhooks payload convention): {@code {"type", "timestamp", "data": {"callId", "seq", ...}}}.
 * Immutable, so any thread may read it.
 *
 * @param type      e.g. {@code call.started}, {@code transcript.turn}
 * @param timestamp when it happened, to the millisecond, from the application's clock
 * @param data      {@code callId} and {@code seq} first, then the type's own fields (unmodifiable;
 *                  values may be null)
 */
public record CallEvent(String type, Instant timestamp, Map<String, Object> data) {

    public String callId() {
        return (String) data.get("callId");
    }

    /** The event's place in its call: 1, 2, 3... with no gaps on one instance. */
    public long seq() {
        return ((Number) data.get("seq")).longValue();
    }

    /** The SSE id, {@code <callId>:<seq>}. */
    public String sseId() {
        return callId() + ":" + seq();
    }
}
