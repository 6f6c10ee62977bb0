package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.Usage;
import java.time.Clock;

/**
 * One call's conversation with Azure OpenAI Realtime, across however many WebSockets it takes: a
 * facade over its parts, each with its own thread story.
 *
 * <ul>
 *   <li>{@link RealtimeLinks}: the sockets and their lifecycle (set-up, retries, reconnects,
 *       rollover, stalls, expiry), under the link's lock, held while Azure events are handled;
 *   <li>{@link LiveEvents}: the live session's events to the {@link Listener}, responses and tools;
 *   <li>{@link CallerAudio}: caller frames kept from the first one and batched into appends on
 *       the transport's event loop, never waiting for the link's lock;
 *   <li>{@link KeypadDigits}: keys the caller pressed, told to the model;
 *   <li>{@link TranscriptReplay}: a fresh session primed with the call so far;
 *   <li>{@link AssistantCounters}: what it did, lock-free.
 * </ul>
 *
 * <p>Threads: any. The caller's paths ({@link #sendCallerAudio}, {@link #callerPressed}, {@link
 * #truncate}, {@link #cancelResponse}), the media clock ({@link #onClockTick}) and every getter
 * never take the link's lock: they read the live link through a volatile, and the counters are
 * atomic. {@link #start}, {@link #sendToolOutput} and {@link #close} take it. Lock order: the link's
 * lock, then the listener's own; the listener may call back in from a callback, but never while
 * holding a lock of its own.
 */
public final class AssistantSession {

    /**
     * What the call session hears from its assistant. Called under the link's lock, on a Realtime
     * event loop or on a Reactor parallel worker (set-up timeout, retry, health check).
     */
    public interface Listener {
        /** A session is set up and verified; {@code afterReconnect} when it replaced a lost one. */
        void onReady(boolean afterReconnect);

        void onResponseStarted(String responseId);

        /** A chunk of assistant audio in the session's format, already decoded. */
        void onAssistantAudio(String responseId, String itemId, byte[] audio);

        void onAssistantAudioDone(String responseId, String itemId);

        /** A reply's final text, when the session replies in text ({@link #outputText}). */
        default void onAssistantText(String responseId, String itemId, String text) {}

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

    private final SessionConfig config;
    private final Transcript transcript;
    private final ClientEvents events;
    private final AssistantCounters counters = new AssistantCounters();
    private final RealtimeLinks links;
    private final CallerAudio audio;
    private final KeypadDigits keypad;
    private final LiveEvents conversation;

    public AssistantSession(
            String callId,
            RealtimeConnector connector,
            SessionConfig config,
            int appendMs,
            int callerBufferMs,
            boolean greetFirst,
            Transcript transcript,
            Clock wallClock,
            Listener listener) {
        RealtimeProperties.Resilience resilience = connector.properties().resilience();
        this.config = config;
        this.transcript = transcript;
        this.events = new ClientEvents(connector.protocol());
        LiveEvents conversation = new LiveEvents(listener, transcript, events, counters);
        this.conversation = conversation;
        this.links = new RealtimeLinks(
                callId,
                connector,
                config,
                greetFirst,
                listener,
                conversation,
                new TranscriptReplay(transcript, events, resilience.replayItems()),
                counters,
                new LinkHealth(
                        resilience.stallTimeout(), resilience.rolloverAfter(), resilience.rolloverMargin(), wallClock));
        this.audio = new CallerAudio(config.format(), appendMs, callerBufferMs, links::live, counters);
        this.keypad = new KeypadDigits(callId, KeypadDigits.PAUSE, links::live, conversation::responseActive, events);
    }

    public void start() {
        links.start();
    }

    public State state() {
        return links.state();
    }

    public AzureAudioFormat format() {
        return config.format();
    }

    public Transcript transcript() {
        return transcript;
    }

    public Usage usage() {
        return counters.usage();
    }

    public int responses() {
        return counters.responses();
    }

    public long reconnects() {
        return counters.reconnects();
    }

    public long rollovers() {
        return counters.rollovers();
    }

    public long serverErrors() {
        return counters.serverErrors();
    }

    public long truncates() {
        return counters.truncates();
    }

    /** Caller audio bytes handed to the Realtime socket so far. */
    public long bytesSent() {
        return counters.bytesSent();
    }

    // ---- from the call session -------------------------------------------------------------

    /**
     * Takes one caller frame (already in the session's format); appends go out every {@code
     * appendMs} while a session is live. Frames that arrive while none is (set-up, reconnect,
     * outage) are kept and sent in order once one is, up to {@code callerBufferMs}. Returns how many
     * caller frames were lost by this call: the oldest ones, past that bound. The call session
     * counts them. Never waits for Azure event handling.
     */
    public int sendCallerAudio(byte[] audio) {
        return this.audio.send(audio);
    }

    /**
     * A key the caller pressed. Digits are gathered until '#' or a pause of {@link
     * KeypadDigits#PAUSE}, then told to the model as one text item ("pressed 1 2 3"), and the model
     * is asked to answer if it is not already speaking: callers pressing keys expect a reaction.
     */
    public void callerPressed(char digit) {
        keypad.pressed(digit);
    }

    /**
     * The caller heard {@code playedMs} of an item before interrupting: its text is cut to match,
     * and the server is told, unless nothing was heard (Azure rejects a truncate at 0 ms).
     */
    public void truncate(String itemId, long playedMs, long receivedMs) {
        transcript.truncated(itemId, playedMs, receivedMs);
        LiveLink live = links.live();
        if (playedMs > 0 && live != null && live.connection().send(events.truncate(itemId, playedMs))) {
            counters.truncated();
        }
    }

    /**
     * Switches replies to text only (an operator's copilot mode) or back to audio: told to the live
     * session at once, and used by every session set up from now on (reconnects, rollovers).
     */
    public void outputText(boolean textOnly) {
        links.outputText(textOnly);
    }

    /** Whether a response is streaming on the live session. */
    public boolean responseActive() {
        return conversation.responseActive();
    }

    public void cancelResponse() {
        LiveLink live = links.live();
        if (live != null) {
            live.connection().send(events.responseCancel());
        }
    }

    /**
     * A tool's result. The output goes back at once; the follow-up response.create waits until no
     * response is active and no other tool of the turn is still running (sending it earlier is what
     * produces conversation_already_has_active_response).
     */
    public void sendToolOutput(String toolCallId, String output, boolean continueConversation) {
        links.toolOutput(toolCallId, output, continueConversation);
    }

    /**
     * Called by the media clock: detects a stalled response and starts a rollover once one is due
     * and the line is quiet. Cheap when there is nothing to do, and never waits for a lock.
     */
    public void onClockTick(boolean quiet) {
        links.onClockTick(quiet);
    }

    /** Ends the conversation: every socket is closed and no retry will start. Idempotent. */
    public void close() {
        keypad.close();
        links.close();
    }
}
