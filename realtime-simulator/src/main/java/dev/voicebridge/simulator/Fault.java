package dev.voicebridge.simulator;

import java.time.Duration;

/**
 * A scripted misbehaviour. Faults name the session they hit (1 = the first accepted WebSocket, 2 =
 * the one a client opens after reconnecting, ...) and the response turn (1 = the session's first
 * response), so a test can fail the first session and watch the client recover on the second.
 */
public sealed interface Fault {

    /**
     * Drops the TCP connection without a close frame, after {@code afterDeltas} audio deltas of the
     * given turn's response (0 = right after response.created). A socket dying mid-response.
     */
    record DropConnection(int session, int turn, int afterDeltas) implements Fault {}

    /**
     * Ends the session after {@code lifetime}, the way Azure does at its 30-minute cap: an error event
     * with code session_expired, then close 1001 "session_expired". session.created carries the
     * matching expires_at.
     */
    record SessionExpiry(int session, Duration lifetime) implements Fault {}

    /**
     * Sends an error event when the given turn's response would start. With {@code failResponse} the
     * response ends at once with status failed and no audio; otherwise it goes on normally.
     */
    record ErrorEvent(int session, int turn, String type, String code, String message, boolean failResponse)
            implements Fault {}

    /** Goes silent for {@code stall} after the first audio delta of the given turn, then carries on. */
    record Stall(int session, int turn, Duration stall) implements Fault {}

    /**
     * Refuses the first {@code count} WebSocket handshakes with an HTTP status (429 with a Retry-After
     * header, or a 5xx), before any session exists.
     */
    record HandshakeRejection(int count, int status, int retryAfterSeconds) implements Fault {}

    /**
     * Answers every WebSocket handshake after {@code delay}: a region whose session set-up takes
     * several hundred milliseconds, as real Azure regions do, so the caller speaks before it is ready.
     */
    record SlowHandshake(Duration delay) implements Fault {}

    /**
     * Answers the given session's session.update only after {@code delay}: a region slow to configure
     * a session, so a client's own set-up timeout can fire first. The update takes effect at once;
     * only its session.updated comes late, and not at all if the socket is gone by then.
     */
    record SlowSessionUpdate(int session, Duration delay) implements Fault {}
}
