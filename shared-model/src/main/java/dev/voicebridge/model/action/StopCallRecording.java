package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/** StopCallRecording for the leg with this CallId (DG/sip-apps-call-record.html). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StopCallRecording(@JsonProperty("CallId") String callId) implements SmaAction {

    public static final String TYPE = "StopCallRecording";

    public StopCallRecording {
        Check.required("StopCallRecording.CallId", callId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static StopCallRecording of(String callId) {
        return new StopCallRecording(callId);
    }
}
