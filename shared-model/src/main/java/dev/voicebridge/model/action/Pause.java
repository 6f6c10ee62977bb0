package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/** Pauses the call for a while (DG/pause.html); interruptible. AWS documents no maximum. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pause(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("DurationInMilliseconds") Integer durationInMilliseconds)
        implements SmaAction {

    public static final String TYPE = "Pause";

    public Pause {
        Check.nonBlankIfPresent("Pause.CallId", callId);
        Check.required("Pause.DurationInMilliseconds", durationInMilliseconds);
        Check.positive("Pause.DurationInMilliseconds", durationInMilliseconds);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static Pause millis(String callId, int durationInMilliseconds) {
        return new Pause(callId, null, durationInMilliseconds);
    }
}
