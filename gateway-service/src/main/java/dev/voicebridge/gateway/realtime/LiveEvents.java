package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.ServerEvent;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversation on the live session: routes its server events to the {@link
 * AssistantSession.Listener}, keeps the transcript, knows which response is active and runs the
 * tool turns (each function once; response.create only when every tool of the turn has answered
 * and no response is active, since sending it earlier is what produces
 * conversation_already_has_active_response).
 *
 * <p>Threads: the live session's Realtime event loop (events) and whichever thread a tool finishes
 * on (results), always under the link's lock, which is what orders them and guards {@link
 * ToolTurns}. The active response id is also read without that lock, by the keypad.
 */
final class LiveEvents {

    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    private static final Set<String> BENIGN_ERRORS =
            Set.of("response_cancel_not_active", "conversation_already_has_active_response");

    private final AssistantSession.Listener listener;
    private final Transcript transcript;
    private final ClientEvents events;
    private final AssistantCounters counters;
    private final ToolTurns tools = new ToolTurns();
    private volatile String activeResponseId;

    LiveEvents(
            AssistantSession.Listener listener,
            Transcript transcript,
            ClientEvents events,
            AssistantCounters counters) {
        this.listener = listener;
        this.transcript = transcript;
        this.events = events;
        this.counters = counters;
    }

    boolean responseActive() {
        return activeResponseId != null;
    }

    String activeResponseId() {
        return activeResponseId;
    }

    /** One event of the live session, whose socket is {@code live}. Session expiry is not handled here. */
    void onEvent(ServerEvent event, RealtimeConnection live) {
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
            case ServerEvent.TextDone e -> {
                if (e.text() != null) {
                    listener.onAssistantText(e.responseId(), e.itemId(), e.text());
                }
            }
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
                counters.responseDone(e.usage());
                if (e.responseId() == null || e.responseId().equals(activeResponseId)) {
                    activeResponseId = null;
                }
                listener.onResponseDone(e.responseId());
                maybeCreateResponse(live);
            }
            case ServerEvent.Error e -> onServerError(e);
            case ServerEvent.ItemTruncated e -> log.debug("item {} truncated at {} ms", e.itemId(), e.audioEndMs());
            default -> {}
        }
    }

    /** A tool's result: the output goes back at once, the follow-up response.create when it may. */
    void toolOutput(RealtimeConnection live, String toolCallId, String output, boolean continueConversation) {
        if (live == null) {
            tools.finished(false);
            log.warn("tool result for {} dropped: the Realtime session it belonged to is gone", toolCallId);
            return;
        }
        live.send(events.functionCallOutput(toolCallId, output));
        tools.finished(continueConversation);
        maybeCreateResponse(live);
    }

    /** The live session is gone: its response ended with it, and its tools' results cannot land. */
    void sessionLost() {
        String response = activeResponseId;
        activeResponseId = null;
        tools.reset();
        if (response != null) {
            listener.onResponseDone(response);
        }
    }

    private void onServerError(ServerEvent.Error e) {
        if (BENIGN_ERRORS.contains(e.code())) {
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

    private void maybeCreateResponse(RealtimeConnection live) {
        if (live != null && tools.takeResponseCreate(activeResponseId != null)) {
            live.send(events.responseCreate());
        }
    }
}
