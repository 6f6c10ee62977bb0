package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One WebSocket to Azure and how far its set-up got: session.update sent and a timer armed, then
 * session.created's expires_at noted and session.updated checked against what was asked, since a
 * server that quietly speaks another audio format gives the caller static.
 *
 * <p>Threads: its socket's Realtime event loop and the set-up timer's Reactor parallel worker,
 * always under the link's lock ({@link RealtimeLinks}), which guards it.
 */
final class RealtimeLink {

    private static final Logger log = LoggerFactory.getLogger(RealtimeLink.class);

    final RealtimeConnection connection;
    final int attempt;
    final boolean standby;
    final long openedNanos = System.nanoTime();
    /** Whether this session was asked for text-only replies at set-up. */
    boolean textOutput;

    private Instant expiresAt;
    private boolean ready;
    private Disposable setupTimer;

    RealtimeLink(RealtimeConnection connection, int attempt, boolean standby) {
        this.connection = connection;
        this.attempt = attempt;
        this.standby = standby;
    }

    /** Asks for the session; {@code onTimeout} runs unless it is set up within {@code timeout}. */
    void beginSetup(String sessionUpdate, boolean textOutput, Duration timeout, Runnable onTimeout) {
        this.textOutput = textOutput;
        connection.send(sessionUpdate);
        setupTimer = Mono.delay(timeout).subscribe(x -> onTimeout.run());
    }

    /**
     * One server event before the session is ready. Returns why the set-up failed, or null; {@link
     * #ready()} turns true once session.updated echoed what was asked.
     */
    RealtimeSetupException onSetupEvent(ServerEvent event, SessionConfig config) {
        switch (event) {
            case ServerEvent.SessionCreated created -> expiresAt = created.expiresAt();
            case ServerEvent.SessionUpdated updated -> {
                List<String> mismatches = updated.session().mismatches(config);
                if (!mismatches.isEmpty()) {
                    log.error("Realtime session refused: the server did not accept what was asked: {}", mismatches);
                    return new RealtimeSetupException(
                            false, 0, "session.updated does not match the request: " + String.join("; ", mismatches));
                }
                stopSetupTimer();
                ready = true;
            }
            case ServerEvent.Error error -> {
                boolean rejected = "invalid_request_error".equals(error.errorType());
                return new RealtimeSetupException(
                        !rejected, 0, "server error during set-up: " + error.code() + ": " + error.message());
            }
            default -> {}
        }
        return null;
    }

    boolean ready() {
        return ready;
    }

    /** When the server said it will end the session (session.created), or null. */
    Instant expiresAt() {
        return expiresAt;
    }

    void stopSetupTimer() {
        if (setupTimer != null) {
            setupTimer.dispose();
        }
    }
}
