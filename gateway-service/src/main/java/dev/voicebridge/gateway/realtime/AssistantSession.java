package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One call's conversation with Azure OpenAI Realtime, across however many WebSockets it takes. It
 * sets a session up and checks what the server echoed, keeps the call alive through drops, expiry
 * and stalls by opening a fresh session primed with the transcript so far, rolls over before the
 * 30-minute cap at a quiet moment, and gives up (so the caller hears an apology) only after the
 * configured number of tries. The caller's leg is never touched from here: the {@link Listener} is.
 *
 * <p>Lock order: this object's monitor may be held while calling the listener; the listener never
 * calls back into this object while holding a lock of its own.
 */
public final class AssistantSession implements RealtimeConnection.Handler {

    /** What the call session hears from its assistant. Called on Realtime event-loop threads. */
    public interface Listener {
        /** A session is set up and verified; {@code afterReconnect} when it replaced a lost one. */
        void onReady(boolean afterReconnect);

        void onResponseStarted(String responseId);

        /** A chunk of assistant audio in the session's format, already decoded. */
        void onAssistantAudio(String responseId, String itemId, byte[] audio);

        void onAssistantAudioDone(String responseId, String itemId);

        /** The response ended (completed, cancelled, failed) or its socket was lost. */
        void onResponseDone(String responseId);

        void onCallerSpeechStarted(String itemId);

        void onCallerSpeechStopped(String itemId);

        void onFunctionCall(String callId, String name, String arguments);

        /** The session was lost mid-call; a new one is on its way. The caller hears comfort silence. */
        void onReconnecting(String why);

        /** No session could be had after every try, or the configuration can never work. */
        void onUnavailable(String why);
    }

    public enum State {
        CONNECTING,
        READY,
        RECONNECTING,
        FAILED,
        CLOSED
    }

    private static final Logger log = LoggerFactory.getLogger(AssistantSession.class);
    private static final Set<String> BENIGN_ERRORS =
            Set.of("response_cancel_not_active", "conversation_already_has_active_response");
    private static final long CHECK_EVERY_NANOS = Duration.ofMillis(250).toNanos();
    static final Duration DIGIT_PAUSE = Duration.ofMillis(1500);

    /** One WebSocket and how far its set-up got. */
    private static final class Link {
        final RealtimeConnection connection;
        final int attempt;
        final boolean standby;
        final long openedNanos = System.nanoTime();
        Instant expiresAt;
        boolean ready;
        Disposable setupTimer;

        Link(RealtimeConnection connection, int attempt, boolean standby) {
            this.connection = connection;
            this.attempt = attempt;
            this.standby = standby;
        }
    }

    private final String callId;
    private final RealtimeConnector connector;
    private final RealtimeProperties.Resilience resilience;
    private final SessionConfig config;
    private final ClientEvents events;
    private final Listener listener;
    private final Transcript transcript;
    private final Clock wallClock;
    private final int appendMs;
    private final boolean greetFirst;

    private final Map<RealtimeConnection, Link> links = new HashMap<>();
    private final ToolTurns tools = new ToolTurns();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong rollovers = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong truncates = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();

    private State state = State.CONNECTING;
    private Link active;
    private Link standby;
    private String activeResponseId;
    private Usage usage = Usage.ZERO;
    private int responses;
    private long rolloverDueNanos = Long.MAX_VALUE;
    private volatile long nextCheckNanos;
    private Disposable pendingRetry;
    private final StringBuilder digits = new StringBuilder();
    private Disposable digitTimer;
    private byte[] appendBuffer = new byte[0];
    private int appendLength;
    private int appendFrames;

    public AssistantSession(
            String callId,
            RealtimeConnector connector,
            SessionConfig config,
            int appendMs,
            boolean greetFirst,
            Transcript transcript,
            Clock wallClock,
            Listener listener) {
        this.wallClock = wallClock;
        this.callId = callId;
        this.connector = connector;
        this.resilience = connector.properties().resilience();
        this.config = config;
        this.events = new ClientEvents(connector.protocol());
        this.appendMs = appendMs;
        this.greetFirst = greetFirst;
        this.transcript = transcript;
        this.listener = listener;
    }

    public synchronized void start() {
        connect(1, false);
    }

    public synchronized State state() {
        return state;
    }

    public AzureAudioFormat format() {
        return config.format();
    }

    public Transcript transcript() {
        return transcript;
    }

    public synchronized Usage usage() {
        return usage;
    }

    public synchronized int responses() {
        return responses;
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long rollovers() {
        return rollovers.get();
    }

    public long serverErrors() {
        return serverErrors.get();
    }

    public long truncates() {
        return truncates.get();
    }

    /** Caller audio bytes handed to the Realtime socket so far. */
    public long bytesSent() {
        return bytesSent.get();
    }

    // ---- from the call session -------------------------------------------------------------

    /**
     * Queues one caller frame (already in the session's format); appends go out every
     * {@code appendMs}. Returns how many caller frames were lost by this call: the frame and any
     * gathered with it when there is no live session (reconnecting), or the whole batch when the
     * socket is backed up. The call session counts them.
     */
    public synchronized int sendCallerAudio(byte[] audio) {
        if (state != State.READY || active == null) {
            int lost = appendFrames + 1;
            appendLength = 0;
            appendFrames = 0;
            return lost;
        }
        if (appendLength + audio.length > appendBuffer.length) {
            appendBuffer = java.util.Arrays.copyOf(
                    appendBuffer, Math.max(appendLength + audio.length, appendBuffer.length * 2));
        }
        System.arraycopy(audio, 0, appendBuffer, appendLength, audio.length);
        appendLength += audio.length;
        appendFrames++;
        if (config.format().millisOf(appendLength) < appendMs) {
            return 0;
        }
        boolean sent = active.connection.send(ClientEvents.append(appendBuffer, appendLength));
        int lost = sent ? 0 : appendFrames;
        if (sent) {
            bytesSent.addAndGet(appendLength);
        }
        appendLength = 0;
        appendFrames = 0;
        return lost;
    }

    /**
     * A key the caller pressed. Digits are gathered until '#' or a pause of
     * {@link #DIGIT_PAUSE}, then told to the model as one text item ("pressed 1 2 3"), and the model
     * is asked to answer if it is not already speaking: callers pressing keys expect a reaction.
     */
    public synchronized void callerPressed(char digit) {
        digits.append(digits.isEmpty() ? "" : " ").append(digit);
        if (digitTimer != null) {
            digitTimer.dispose();
        }
        if (digit == '#') {
            flushDigits();
        } else {
            digitTimer = Mono.delay(DIGIT_PAUSE).subscribe(x -> flushDigitsLater());
        }
    }

    private synchronized void flushDigitsLater() {
        flushDigits();
    }

    private void flushDigits() {
        if (digits.isEmpty()) {
            return;
        }
        String pressed = digits.toString();
        digits.setLength(0);
        if (state != State.READY || active == null) {
            withCallId(() -> log.info("caller pressed {} while no session was live; not passed on", pressed));
            return;
        }
        active.connection.send(events.textMessage(false, "[The caller pressed on the keypad: " + pressed + "]"));
        if (activeResponseId == null) {
            active.connection.send(events.responseCreate());
        }
        withCallId(() -> log.info("caller pressed {}; told the model", pressed));
    }

    /**
     * The caller heard {@code playedMs} of an item before interrupting: its text is cut to match,
     * and the server is told, unless nothing was heard (Azure rejects a truncate at 0 ms).
     */
    public synchronized void truncate(String itemId, long playedMs, long receivedMs) {
        transcript.truncated(itemId, playedMs, receivedMs);
        if (playedMs > 0
                && active != null
                && active.ready
                && active.connection.send(events.truncate(itemId, playedMs))) {
            truncates.incrementAndGet();
        }
    }

    public synchronized void cancelResponse() {
        if (active != null && active.ready) {
            active.connection.send(events.responseCancel());
        }
    }

    /**
     * A tool's result. The output goes back at once; the follow-up response.create waits until no
     * response is active and no other tool of the turn is still running (sending it earlier is what
     * produces conversation_already_has_active_response).
     */
    public synchronized void sendToolOutput(String toolCallId, String output, boolean continueConversation) {
        if (active == null || !active.ready || state != State.READY) {
            tools.finished(false);
            log.warn("tool result for {} dropped: the Realtime session it belonged to is gone", toolCallId);
            return;
        }
        active.connection.send(events.functionCallOutput(toolCallId, output));
        tools.finished(continueConversation);
        maybeCreateResponse();
    }

    /**
     * Called by the media clock: detects a stalled response and starts a rollover once one is due
     * and the line is quiet. Cheap when there is nothing to do.
     */
    public void onClockTick(boolean quiet) {
        long now = System.nanoTime();
        if (now < nextCheckNanos) {
            return;
        }
        nextCheckNanos = now + CHECK_EVERY_NANOS;
        // The media clock paces every call from one thread, so it must never wait for this session's
        // lock: set-up and event handling hold it on event loops, once for over 100 ms under load,
        // which stalled every call's audio. The check itself runs on a worker.
        Schedulers.parallel().schedule(() -> checkHealth(quiet));
    }

    private synchronized void checkHealth(boolean quiet) {
        long now = System.nanoTime();
        if (state != State.READY || active == null) {
            return;
        }
        if (activeResponseId != null
                && now - active.connection.lastEventNanos()
                        > resilience.stallTimeout().toNanos()) {
            withCallId(() -> log.warn(
                    "no Realtime event for {} during response {}: replacing the session",
                    resilience.stallTimeout(),
                    activeResponseId));
            Link stalled = active;
            forget(stalled);
            stalled.connection.close(4000, "stalled");
            lost("stalled", false);
            return;
        }
        if (standby == null && now >= rolloverDueNanos && quiet && activeResponseId == null) {
            withCallId(() -> log.info("rolling over to a fresh Realtime session before the session cap"));
            rolloverDueNanos = now + Duration.ofSeconds(30).toNanos(); // if this one fails, try again later
            connect(1, true);
        }
    }

    /** Ends the conversation: every socket is closed and no retry will start. Idempotent. */
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (pendingRetry != null) {
            pendingRetry.dispose();
        }
        if (digitTimer != null) {
            digitTimer.dispose();
        }
        for (Link link : List.copyOf(links.values())) {
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
        Link link = new Link(connection, attempt, asStandby);
        links.put(connection, link);
        if (asStandby) {
            standby = link;
        } else {
            active = link;
        }
        connection.send(events.sessionUpdate(config));
        link.setupTimer = Mono.delay(resilience.setupTimeout()).subscribe(x -> setupTimedOut(link));
    }

    private synchronized void setupTimedOut(Link link) {
        if (!link.ready && links.get(link.connection) == link) {
            failLink(
                    link,
                    new RealtimeSetupException(true, 0, "no session.updated within " + resilience.setupTimeout()));
        }
    }

    private synchronized void onAttemptFailed(int attempt, boolean asStandby, RealtimeSetupException error) {
        if (state == State.CLOSED) {
            return;
        }
        attemptFailed(attempt, asStandby, error);
    }

    private void failLink(Link link, RealtimeSetupException error) {
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
            withCallId(() -> log.warn("rollover session failed ({}); keeping the current one", error.getMessage()));
            return;
        }
        if (error.retryable() && attempt < resilience.setupAttempts()) {
            Duration wait = backoff(attempt, error.httpStatus() == 429);
            if (error.retryAfter().compareTo(wait) > 0) {
                // Honour the server's Retry-After, but never hold a caller longer than the backoff cap.
                Duration capped = error.retryAfter().compareTo(resilience.backoffMax()) > 0
                        ? resilience.backoffMax()
                        : error.retryAfter();
                wait = capped.compareTo(wait) > 0 ? capped : wait;
            }
            Duration delay = wait;
            withCallId(() -> log.warn(
                    "Realtime set-up attempt {} of {} failed: {}; retrying in {} ms",
                    attempt,
                    resilience.setupAttempts(),
                    error.getMessage(),
                    delay.toMillis()));
            pendingRetry = Mono.delay(delay).subscribe(x -> retry(attempt + 1));
            return;
        }
        state = State.FAILED;
        String why = error.retryable()
                ? "Realtime unavailable after " + attempt + " attempts: " + error.getMessage()
                : "Realtime set-up failed: " + error.getMessage();
        withCallId(() -> log.error(why));
        listener.onUnavailable(why);
    }

    private synchronized void retry(int attempt) {
        if (state == State.CONNECTING || state == State.RECONNECTING) {
            connect(attempt, false);
        }
    }

    private Duration backoff(int attempt, boolean throttled) {
        long base = resilience.backoffInitial().toMillis() << Math.min(attempt - 1, 16);
        if (throttled) {
            base *= 2;
        }
        long capped = Math.min(base, resilience.backoffMax().toMillis());
        // Jitter spreads the retries of many calls that lost Azure at the same moment.
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void forget(Link link) {
        links.remove(link.connection);
        if (link.setupTimer != null) {
            link.setupTimer.dispose();
        }
    }

    /** The live session is gone (drop, expiry, stall): start a fresh one and tell the call. */
    private void lost(String why, boolean expired) {
        active = null;
        appendLength = 0;
        appendFrames = 0;
        state = State.RECONNECTING;
        reconnects.incrementAndGet();
        String response = activeResponseId;
        activeResponseId = null;
        tools.reset();
        if (response != null) {
            listener.onResponseDone(response);
        }
        listener.onReconnecting(why);
        if (expired) {
            connect(1, false); // expiry needs a new session, not a retry: no backoff
        } else {
            pendingRetry = Mono.delay(backoff(1, false)).subscribe(x -> retry(1));
        }
    }

    // ---- events -----------------------------------------------------------------------------

    @Override
    public synchronized void onEvent(RealtimeConnection connection, ServerEvent event) {
        Link link = links.get(connection);
        if (link == null || state == State.CLOSED) {
            return;
        }
        if (!link.ready) {
            onSetupEvent(link, event);
        } else if (link == active) {
            onLiveEvent(event);
        }
    }

    private void onSetupEvent(Link link, ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionCreated created -> link.expiresAt = created.expiresAt();
            case ServerEvent.SessionUpdated updated -> {
                List<String> mismatches = updated.session().mismatches(config);
                if (!mismatches.isEmpty()) {
                    log.error("Realtime session refused: the server did not accept what was asked: {}", mismatches);
                    failLink(
                            link,
                            new RealtimeSetupException(
                                    false,
                                    0,
                                    "session.updated does not match the request: " + String.join("; ", mismatches)));
                    return;
                }
                link.setupTimer.dispose();
                replayTranscript(link);
                link.ready = true;
                scheduleRollover(link);
                if (link.standby) {
                    Link old = active;
                    standby = null;
                    active = link;
                    rollovers.incrementAndGet();
                    if (old != null) {
                        forget(old);
                        old.connection.close(1000, "rollover");
                    }
                    log.info("rolled over to a fresh Realtime session");
                } else {
                    boolean afterReconnect = state == State.RECONNECTING;
                    state = State.READY;
                    log.info(
                            "Realtime session ready ({}, {}{})",
                            connector.protocol().name(),
                            config.format(),
                            afterReconnect ? ", after reconnect" : "");
                    listener.onReady(afterReconnect);
                    if (!afterReconnect && greetFirst) {
                        // Inbound callers expect to be greeted; dead air after pick-up is a top complaint.
                        link.connection.send(events.responseCreate());
                    }
                }
            }
            case ServerEvent.Error error -> {
                serverErrors.incrementAndGet();
                boolean rejected = "invalid_request_error".equals(error.errorType());
                failLink(
                        link,
                        new RealtimeSetupException(
                                !rejected, 0, "server error during set-up: " + error.code() + ": " + error.message()));
            }
            default -> {}
        }
    }

    private void scheduleRollover(Link link) {
        long due = link.openedNanos + resilience.rolloverAfter().toNanos();
        if (link.expiresAt != null && resilience.rolloverMargin().isPositive()) {
            // Leave a margin before the server's own deadline for a quiet moment to come.
            long untilExpiry = Duration.between(wallClock.instant(), link.expiresAt)
                    .minus(resilience.rolloverMargin())
                    .toNanos();
            due = Math.min(due, System.nanoTime() + Math.max(0, untilExpiry));
        }
        rolloverDueNanos = due;
    }

    private void replayTranscript(Link link) {
        List<Transcript.Entry> recent = transcript.recent(resilience.replayItems());
        for (Transcript.Entry entry : recent) {
            link.connection.send(events.textMessage(entry.role() == Transcript.Role.ASSISTANT, entry.text()));
        }
        if (!recent.isEmpty()) {
            log.info("primed the new Realtime session with {} transcript items", recent.size());
        }
    }

    private void onLiveEvent(ServerEvent event) {
        switch (event) {
            case ServerEvent.SpeechStarted e -> listener.onCallerSpeechStarted(e.itemId());
            case ServerEvent.SpeechStopped e -> listener.onCallerSpeechStopped(e.itemId());
            case ServerEvent.ResponseCreated e -> {
                activeResponseId = e.responseId();
                listener.onResponseStarted(e.responseId());
            }
            case ServerEvent.AudioDelta e -> {
                if (e.audio() != null) {
                    listener.onAssistantAudio(e.responseId(), e.itemId(), e.audio());
                }
            }
            case ServerEvent.AudioDone e -> listener.onAssistantAudioDone(e.responseId(), e.itemId());
            case ServerEvent.AssistantTranscriptDone e -> transcript.assistant(e.itemId(), e.transcript());
            case ServerEvent.CallerTranscriptCompleted e -> transcript.caller(e.itemId(), e.transcript());
            case ServerEvent.CallerTranscriptFailed e ->
                log.warn("caller transcription failed for {}: {}", e.itemId(), e.message());
            case ServerEvent.OutputItemAdded e -> {
                if ("function_call".equals(e.itemType())) {
                    tools.named(e.callId(), e.name());
                }
            }
            case ServerEvent.FunctionCallArgumentsDone e -> dispatchTool(e.callId(), e.name(), e.arguments());
            case ServerEvent.OutputItemDone e -> {
                if ("function_call".equals(e.itemType())) {
                    dispatchTool(e.callId(), e.name(), e.arguments());
                }
            }
            case ServerEvent.ResponseDone e -> {
                usage = usage.plus(e.usage());
                responses++;
                if (e.responseId() == null || e.responseId().equals(activeResponseId)) {
                    activeResponseId = null;
                }
                listener.onResponseDone(e.responseId());
                maybeCreateResponse();
            }
            case ServerEvent.Error e -> onServerError(e);
            case ServerEvent.ItemTruncated e -> log.debug("item {} truncated at {} ms", e.itemId(), e.audioEndMs());
            default -> {}
        }
    }

    private void onServerError(ServerEvent.Error e) {
        serverErrors.incrementAndGet();
        if ("session_expired".equals(e.code())) {
            log.info("Realtime session expired; opening a fresh one");
            Link expired = active;
            forget(expired);
            expired.connection.close(1000, "session expired");
            lost("session expired", true);
        } else if (BENIGN_ERRORS.contains(e.code())) {
            log.debug("benign Realtime error {}: {}", e.code(), e.message());
        } else {
            // "Most errors are recoverable and the session stays open": a rejected truncate or
            // cancel must not end the call (peers go silent for the rest of the call here).
            log.warn("Realtime error (call continues): {} {}: {}", e.errorType(), e.code(), e.message());
        }
    }

    private void dispatchTool(String toolCallId, String announcedName, String arguments) {
        String name = tools.toRun(toolCallId, announcedName);
        if (name == null) {
            return;
        }
        log.info("model called tool {} ({})", name, toolCallId);
        listener.onFunctionCall(toolCallId, name, arguments == null ? "{}" : arguments);
    }

    private void maybeCreateResponse() {
        if (active != null && tools.takeResponseCreate(activeResponseId != null)) {
            active.connection.send(events.responseCreate());
        }
    }

    @Override
    public synchronized void onClosed(RealtimeConnection connection, int code, String reason, boolean byUs) {
        Link link = links.get(connection);
        if (link == null || byUs || state == State.CLOSED) {
            return;
        }
        String why = "socket closed " + code + (reason == null || reason.isBlank() ? "" : " " + reason);
        if (!link.ready) {
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

    private void withCallId(Runnable work) {
        CallLogContext.run(callId, work);
    }
}
