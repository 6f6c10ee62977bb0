package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/** PauseCallRecording for the leg with this CallId (DG/sip-apps-call-record.html). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PauseCallRecording(@JsonProperty("CallId") String callId) implements SmaAction {

    public static final String TYPE = "PauseCallRecording";

    public PauseCallRecording {
        Check.required("PauseCallRecording.CallId", callId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static PauseCallRecording of(String callId) {
        return new PauseCallRecording(callId);
    }
}
