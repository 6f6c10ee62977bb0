package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.AssistantSession.State;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One call's link to Azure OpenAI Realtime, across however many WebSockets it takes. It connects,
 * retries with backoff, replaces a session that drops, expires or stalls with a fresh one primed
 * with the transcript, rolls over before the session cap at a quiet moment, and gives up (so the
 * caller hears an apology) only once the retry budget is spent. The socket the caller's input goes to
 * is published as a volatile {@link LiveLink}, so those paths never take this lock.
 *
 * <p>Threads: Realtime event loops (handshakes, events, closes), Reactor parallel workers (set-up
 * timeout, retry, health check) and the call's threads (start, close, tool results). This object's
 * monitor, the link's lock, guards it, its {@link RealtimeLink}s and {@link LiveEvents}, and is held
 * while Azure events are handled. Lock order: the link's lock, then the listener's own lock, then a
 * connection's outbound lock. The listener may call back in from a callback on the same thread (the
 * monitor is re-entrant) but must never call into the session while holding a lock of its own.
 * {@link CallerAudio} and {@link KeypadDigits} never take the link's lock, nor does it take theirs.
 */
final class RealtimeLinks implements RealtimeConnection.Handler {

    private static final Logger log = LoggerFactory.getLogger(RealtimeLinks.class);

    private final String callId;
    private final RealtimeConnector connector;
    // The call's wishes; replaced (under the lock) when an operator switches replies to text
    private SessionConfig config;
    private final ClientEvents events;
    private final boolean greetFirst;
    private final Duration setupTimeout;
    private final AssistantSession.Listener listener;
    private final LiveEvents conversation;
    private final TranscriptReplay replay;
    private final AssistantCounters counters;
    private final RetryBackoff backoff;
    private final LinkHealth health;

    private final Map<RealtimeConnection, RealtimeLink> links = new HashMap<>();
    private volatile State state = State.CONNECTING;
    private volatile LiveLink live;
    private RealtimeLink active;
    private RealtimeLink standby;
    private Disposable pendingRetry;
    // nanoTime since when the call has had no live session: its start, or the last loss
    private long awaySince;

    RealtimeLinks(
            String callId,
            RealtimeConnector connector,
            SessionConfig config,
            boolean greetFirst,
            AssistantSession.Listener listener,
            LiveEvents conversation,
            TranscriptReplay replay,
            AssistantCounters counters,
            LinkHealth health) {
        RealtimeProperties.Resilience resilience = connector.properties().resilience();
        this.callId = callId;
        this.connector = connector;
        this.config = config;
        this.events = new ClientEvents(connector.protocol());
        this.greetFirst = greetFirst;
        this.setupTimeout = resilience.setupTimeout();
        this.listener = listener;
        this.conversation = conversation;
        this.replay = replay;
        this.counters = counters;
        this.backoff = new RetryBackoff(resilience.backoffInitial(), resilience.backoffMax(), resilience.retryBudget());
        this.health = health;
    }

    State state() {
        return state;
    }

    /** The set-up, verified socket the caller's input goes to, or null while there is none. */
    LiveLink live() {
        return live;
    }

    synchronized void start() {
        awaySince = System.nanoTime();
        connect(1, false);
    }

    synchronized void toolOutput(String toolCallId, String output, boolean continueConversation) {
        RealtimeConnection to = live == null ? null : live.connection();
        CallLogContext.run(callId, () -> conversation.toolOutput(to, toolCallId, output, continueConversation));
    }

    /**
     * Replies in text only, or in audio again: the live session is told at once, and every session
     * set up from now on is asked for it, so a reconnect keeps the operator's choice.
     */
    synchronized void outputText(boolean textOnly) {
        if (config.textOutput() == textOnly) {
            return;
        }
        config = config.withTextOutput(textOnly);
        RealtimeLink current = active;
        if (current != null && current.ready()) {
            current.connection.send(events.outputModalities(textOnly));
        }
    }

    /**
     * Called by the media clock on every tick: now and then a worker checks the live session's
     * health. Never waits, as the clock paces every call from one thread and this lock is held while
     * events are handled and sessions set up.
     */
    void onClockTick(boolean quiet) {
        if (health.checkNow(System.nanoTime())) {
            Schedulers.parallel().schedule(() -> CallLogContext.run(callId, () -> checkHealth(quiet)));
        }
    }

    private synchronized void checkHealth(boolean quiet) {
        if (state != State.READY || active == null) {
            return;
        }
        String response = conversation.activeResponseId();
        long now = System.nanoTime();
        switch (health.check(now, active.connection.lastEventNanos(), response != null, quiet, standby != null)) {
            case STALLED -> {
                log.warn(
                        "no Realtime event for {} during response {}: replacing the session",
                        health.stallTimeout(),
                        response);
                RealtimeLink stalled = active;
                forget(stalled);
                stalled.connection.close(4000, "stalled");
                lost("stalled", false);
            }
            case ROLL_OVER -> {
                log.info("rolling over to a fresh Realtime session before the session cap");
                connect(1, true);
            }
            case FINE -> {}
        }
    }

    /** Every socket is closed and no retry will start. Idempotent. */
    synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        live = null;
        state = State.CLOSED;
        if (pendingRetry != null) {
            pendingRetry.dispose();
        }
        for (RealtimeLink link : List.copyOf(links.values())) {
            forget(link);
            link.connection.close(1000, "call ended");
        }
        active = null;
        standby = null;
    }

    // ---- connection lifecycle -----------------------------------------------------------------

    private void connect(int attempt, boolean asStandby) {
        connector
                .connect(callId, this)
                .subscribe(
                        connection -> onConnected(connection, attempt, asStandby),
                        error -> onAttemptFailed(attempt, asStandby, RealtimeConnector.classify(error)));
    }

    private synchronized void onConnected(RealtimeConnection connection, int attempt, boolean asStandby) {
        if (state == State.CLOSED || state == State.FAILED) {
            connection.close(1000, "call ended");
            return;
        }
        RealtimeLink link = new RealtimeLink(connection, attempt, asStandby);
        links.put(connection, link);
        if (asStandby) {
            standby = link;
        } else {
            active = link;
        }
        link.beginSetup(events.sessionUpdate(config), config.textOutput(), setupTimeout, () -> setupTimedOut(link));
    }

    private synchronized void setupTimedOut(RealtimeLink link) {
        if (!link.ready() && links.get(link.connection) == link) {
            RealtimeSetupException error =
                    new RealtimeSetupException(true, 0, "no session.updated within " + setupTimeout);
            CallLogContext.run(callId, () -> failLink(link, error));
        }
    }

    private synchronized void onAttemptFailed(int attempt, boolean asStandby, RealtimeSetupException error) {
        if (state != State.CLOSED) {
            CallLogContext.run(callId, () -> attemptFailed(attempt, asStandby, error));
        }
    }

    private void failLink(RealtimeLink link, RealtimeSetupException error) {
        forget(link);
        link.connection.close(1000, "set-up failed");
        if (link.standby) {
            standby = null;
        } else if (active == link) {
            active = null;
        }
        attemptFailed(link.attempt, link.standby, error);
    }

    private void attemptFailed(int attempt, boolean asStandby, RealtimeSetupException error) {
        if (asStandby) {
            // The current session still works; a later quiet moment tries again.
            log.warn("rollover session failed ({}); keeping the current one", error.getMessage());
            return;
        }
        Duration away = Duration.ofNanos(System.nanoTime() - awaySince);
        Duration wait = backoff.retryAfter(attempt, error, away);
        if (wait != null) {
            // WARN once per outage: a 30 s outage is a dozen tries for every live call.
            String line = "Realtime set-up attempt {} failed: {}; retrying in {} ms ({} s of the {} s budget left)";
            Object[] args = {
                attempt,
                error.getMessage(),
                wait.toMillis(),
                backoff.budget().minus(away).toSeconds(),
                backoff.budget().toSeconds()
            };
            if (attempt == 1) {
                log.warn(line, args);
            } else {
                log.info(line, args);
            }
            pendingRetry = Mono.delay(wait).subscribe(x -> retry(attempt + 1));
            return;
        }
        state = State.FAILED;
        String why = error.retryable()
                ? "Realtime unavailable for " + away.toSeconds() + " s (" + attempt + " attempts, budget "
                        + backoff.budget().toSeconds() + " s): " + error.getMessage()
                : "Realtime set-up failed: " + error.getMessage();
        log.error(why);
        listener.onUnavailable(why);
    }

    private synchronized void retry(int attempt) {
        if (state == State.CONNECTING || state == State.RECONNECTING) {
            connect(attempt, false);
        }
    }

    private void forget(RealtimeLink link) {
        links.remove(link.connection);
        link.stopSetupTimer();
    }

    /** The live session is gone (drop, expiry, stall): start a fresh one and tell the call. */
    private void lost(String why, boolean expired) {
        awaySince = System.nanoTime();
        live = null;
        active = null;
        state = State.RECONNECTING;
        counters.reconnected();
        conversation.sessionLost();
        listener.onReconnecting(why);
        if (expired) {
            connect(1, false); // expiry needs a new session, not a retry: no backoff
        } else {
            pendingRetry = Mono.delay(backoff.after(1, false)).subscribe(x -> retry(1));
        }
    }

    /** The session is what was asked: prime it, then make it the live one. */
    private void setUp(RealtimeLink link) {
        if (link.textOutput != config.textOutput()) {
            // The mode changed while this session was being set up.
            link.connection.send(events.outputModalities(config.textOutput()));
        }
        int replayed = replay.into(link.connection);
        if (replayed > 0) {
            log.info("primed the new Realtime session with {} transcript items", replayed);
        }
        health.sessionReady(link.openedNanos, link.expiresAt(), System.nanoTime());
        if (link.standby) {
            RealtimeLink old = active;
            standby = null;
            active = link;
            live = new LiveLink(link.connection);
            counters.rolledOver();
            if (old != null) {
                forget(old);
                old.connection.close(1000, "rollover");
            }
            log.info("rolled over to a fresh Realtime session");
            return;
        }
        boolean afterReconnect = state == State.RECONNECTING;
        // Published before the state says READY: a caller told "ready" must find the link there.
        live = new LiveLink(link.connection);
        state = State.READY;
        log.info(
                "Realtime session ready ({}, {}{}) after {} ms, attempt {}",
                connector.protocol().name(),
                config.format(),
                afterReconnect ? ", after reconnect" : "",
                (System.nanoTime() - awaySince) / 1_000_000,
                link.attempt);
        listener.onReady(afterReconnect);
        if (!afterReconnect && greetFirst) {
            // Inbound callers expect to be greeted; dead air after pick-up is a top complaint.
            link.connection.send(events.responseCreate());
        }
    }

    // ---- events (on the socket's event loop, its call id in the logging context) ----------------

    @Override
    public synchronized void onEvent(RealtimeConnection connection, ServerEvent event) {
        RealtimeLink link = links.get(connection);
        if (link == null || state == State.CLOSED) {
            return;
        }
        if (event instanceof ServerEvent.Error) {
            counters.serverError();
        }
        if (!link.ready()) {
            RealtimeSetupException failure = link.onSetupEvent(event, config);
            if (failure != null) {
                failLink(link, failure);
            } else if (link.ready()) {
                setUp(link);
            }
        } else if (link != active) {
            return;
        } else if (event instanceof ServerEvent.Error e && "session_expired".equals(e.code())) {
            log.info("Realtime session expired; opening a fresh one");
            forget(link);
            link.connection.close(1000, "session expired");
            lost("session expired", true);
        } else {
            conversation.onEvent(event, link.connection);
        }
    }

    @Override
    public synchronized void onClosed(RealtimeConnection connection, int code, String reason, boolean byUs) {
        RealtimeLink link = links.get(connection);
        if (link == null || byUs || state == State.CLOSED) {
            return;
        }
        String why = "socket closed " + code + (reason == null || reason.isBlank() ? "" : " " + reason);
        if (!link.ready()) {
            failLink(link, new RealtimeSetupException(true, 0, why + " during set-up"));
            return;
        }
        forget(link);
        if (link == standby) {
            standby = null;
            return;
        }
        boolean expired = code == 1001 || (reason != null && reason.contains("session_expired"));
        log.warn("Realtime {}; {}", why, expired ? "session expired, opening a fresh one" : "reconnecting");
        lost(why, expired);
    }
}
