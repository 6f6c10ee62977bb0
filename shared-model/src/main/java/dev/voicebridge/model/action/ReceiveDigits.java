package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/**
 * Listens for DTMF in the background (DG/listen-to-digits.html); a DIGITS_RECEIVED event fires
 * when the digits match the regex.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReceiveDigits(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("InputDigitsRegex") String inputDigitsRegex,

        @JsonProperty("InBetweenDigitsDurationInMilliseconds")
        Integer inBetweenDigitsDurationInMilliseconds,

        @JsonProperty("FlushDigitsDurationInMilliseconds") Integer flushDigitsDurationInMilliseconds)
        implements SmaAction {

    public static final String TYPE = "ReceiveDigits";

    public ReceiveDigits {
        Check.nonBlankIfPresent("ReceiveDigits.CallId", callId);
        Check.required("ReceiveDigits.InputDigitsRegex", inputDigitsRegex);
        Check.regex("ReceiveDigits.InputDigitsRegex", inputDigitsRegex);
        Check.required("ReceiveDigits.InBetweenDigitsDurationInMilliseconds", inBetweenDigitsDurationInMilliseconds);
        Check.positive("ReceiveDigits.InBetweenDigitsDurationInMilliseconds", inBetweenDigitsDurationInMilliseconds);
        Check.required("ReceiveDigits.FlushDigitsDurationInMilliseconds", flushDigitsDurationInMilliseconds);
        Check.positive("ReceiveDigits.FlushDigitsDurationInMilliseconds", flushDigitsDurationInMilliseconds);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static ReceiveDigits of(String callId, String regex, int inBetweenMillis, int flushMillis) {
        return new ReceiveDigits(callId, null, regex, inBetweenMillis, flushMillis);
    }
}
