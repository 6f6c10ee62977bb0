package dev.voicebridge.gateway.events;

import dev.voicebridge.gateway.call.CallObserver;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.CallStats;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.PlacedCalls;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.model.BridgeHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what the call sessions tell their observer into call events: started, answered, assistant
 * state, transcript lines, tool calls, transfers and the end with its media counters; the start and
 * the end of a call placed with metadata carry it. Owns no state; called on the threads {@link
 * CallObserver} names, and only builds a small map (parsing at most 4 KB of metadata already in the
 * call's setup) and publishes it, which never blocks.
 */
public final class CallEventsObserver implements CallObserver {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CallEvents events;
    private final Clock clock;

    public CallEventsObserver(CallEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void callStarted(CallSession session) {
        CallSetup setup = session.setup();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("direction", PlacedCalls.direction(setup));
        data.put("transport", setup.transport().name());
        data.put("from", setup.from());
        data.put("to", setup.to());
        data.put("profile", setup.attributes().get(BridgeHeaders.PROFILE));
        data.put("state", assistantState(session));
        putMetadata(data, setup);
        events.publish(session.callId(), CallEvents.STARTED, data);
    }

    @Override
    public void callAnswered(CallSession session) {
        events.publish(session.callId(), "call.answered", Map.of("state", assistantState(session)));
    }

    @Override
    public void assistantStateChanged(CallSession session, AssistantSession.State state) {
        events.publish(session.callId(), "call.state", Map.of("state", state.name()));
    }

    @Override
    public void transcriptLine(CallSession session, Transcript.Entry line) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("speaker", line.role() == Transcript.Role.CALLER ? "caller" : "assistant");
        data.put("text", line.text());
        data.put("itemId", line.itemId());
        data.put("interrupted", line.interrupted());
        events.publish(session.callId(), "transcript.turn", data);
    }

    @Override
    public void toolCalled(CallSession session, String name, String toolCallId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("toolCallId", toolCallId);
        events.publish(session.callId(), "tool.called", data);
    }

    @Override
    public void callTransferred(CallSession session, String to) {
        Map<String, Object> data = new HashMap<>();
        data.put("to", to);
        events.publish(session.callId(), "call.transferred", data);
    }

    @Override
    public void callEnded(CallSession session, EndReason reason) {
        CallStats stats = session.stats();
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("framesIn", stats.framesIn());
        media.put("framesOut", stats.framesOut());
        media.put("droppedIn", stats.droppedIn());
        media.put("droppedOut", stats.droppedOut());
        media.put("silenceFrames", stats.silenceFrames());
        media.put("late", stats.late());
        media.put("jitterMs", stats.callerJitterMs());
        media.put("bargeIns", stats.bargeIns());
        media.put("reconnects", stats.reconnects());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason == null ? null : reason.name());
        data.put(
                "durationMs",
                Math.max(0, Duration.between(stats.startedAt(), clock.instant()).toMillis()));
        data.put("media", media);
        putMetadata(data, session.setup());
        events.publish(session.callId(), CallEvents.ENDED, data);
    }

    /**
     * The application's metadata of a call placed with one, as the JSON object it sent (joined from
     * the call's registry record when the call opened, on whichever instance carries it).
     */
    private static void putMetadata(Map<String, Object> data, CallSetup setup) {
        String metadata = PlacedCalls.metadata(setup);
        if (metadata == null) {
            return;
        }
        try {
            data.put("metadata", JSON.readTree(metadata));
        } catch (JacksonException e) {
            // Stored by the calls API as a JSON object; a record edited by hand is not worth failing an event.
        }
    }

    private static String assistantState(CallSession session) {
        AssistantSession assistant = session.assistant();
        return assistant == null ? null : assistant.state().name();
    }
}
