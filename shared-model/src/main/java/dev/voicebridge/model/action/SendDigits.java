package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;
import java.util.regex.Pattern;

/**
 * Sends DTMF on a leg (DG/send-digits.html). A comma waits 0.5 s.
 *
 * @param toneDurationInMilliseconds 50-24000, AWS default 250
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendDigits(
        @JsonProperty("CallId") String callId,
        @JsonProperty("Digits") String digits,
        @JsonProperty("ToneDurationInMilliseconds") Integer toneDurationInMilliseconds)
        implements SmaAction {

    public static final String TYPE = "SendDigits";
    public static final Pattern DIGITS = Pattern.compile("[0-9*#A-D,]{1,50}");

    public SendDigits {
        Check.required("SendDigits.CallId", callId);
        Check.required("SendDigits.Digits", digits);
        Check.matches("SendDigits.Digits", digits, DIGITS, "1 to 50 characters from 0-9 * # A B C D and ,");
        Check.between("SendDigits.ToneDurationInMilliseconds", toneDurationInMilliseconds, 50, 24000);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static SendDigits of(String callId, String digits) {
        return new SendDigits(callId, digits, null);
    }
}
