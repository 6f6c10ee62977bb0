package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.util.Set;

/**
 * Hangs up one leg (DG/hangup.html). On a bridged call the other leg stays up (and billed) until it
 * is hung up too.
 *
 * @param sipResponseCode 0 (normal clearing), 480 (unavailable) or 486 (busy); AWS default 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hangup(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("SipResponseCode") Integer sipResponseCode)
        implements SmaAction {

    public static final String TYPE = "Hangup";
    public static final Set<Integer> SIP_RESPONSE_CODES = Set.of(0, 480, 486);

    public Hangup {
        Check.nonBlankIfPresent("Hangup.CallId", callId);
        if (sipResponseCode != null && !SIP_RESPONSE_CODES.contains(sipResponseCode)) {
            throw new SmaValidationException("Hangup.SipResponseCode", sipResponseCode, "one of 0, 480, 486");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static Hangup callId(String callId, int sipResponseCode) {
        return new Hangup(Check.required("Hangup.CallId", callId), null, sipResponseCode);
    }

    public static Hangup leg(ParticipantTag tag, int sipResponseCode) {
        return new Hangup(null, Check.required("Hangup.ParticipantTag", tag), sipResponseCode);
    }
}
