package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/** Turns Amazon Voice Focus noise reduction on or off for a leg (DG/voice-focus.html). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VoiceFocus(
        @JsonProperty("Enable") Boolean enable,
        @JsonProperty("CallId") String callId) implements SmaAction {

    public static final String TYPE = "VoiceFocus";

    public VoiceFocus {
        Check.required("VoiceFocus.Enable", enable);
        Check.required("VoiceFocus.CallId", callId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static VoiceFocus enable(String callId) {
        return new VoiceFocus(true, callId);
    }

    public static VoiceFocus disable(String callId) {
        return new VoiceFocus(false, callId);
    }
}
