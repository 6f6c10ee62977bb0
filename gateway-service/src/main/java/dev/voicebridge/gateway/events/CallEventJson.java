package dev.voicebridge.gateway.events;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of a call event, for webhook bodies and SSE data alike:
 * {@code {"type":..., "timestamp":"2026-12-03T16:00:00.123Z", "data":{"callId":..., "seq":...}}},
 * minified. Stateless; any thread.
 */
public final class CallEventJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CallEventJson() {}

    public static String of(CallEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type());
        body.put("timestamp", event.timestamp().toString());
        body.put("data", event.data());
        return JSON.writeValueAsString(body);
    }
}
