package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;
import java.util.List;

/** Speaks a prompt and collects DTMF (DG/speak-and-get-digits.html). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SpeakAndGetDigits(
        @JsonProperty("CallId") String callId,
        @JsonProperty("InputDigitsRegex") String inputDigitsRegex,
        @JsonProperty("SpeechParameters") SpeechParameters speechParameters,
        @JsonProperty("FailureSpeechParameters") SpeechParameters failureSpeechParameters,
        @JsonProperty("MinNumberOfDigits") Integer minNumberOfDigits,
        @JsonProperty("MaxNumberOfDigits") Integer maxNumberOfDigits,
        @JsonProperty("TerminatorDigits") List<String> terminatorDigits,

        @JsonProperty("InBetweenDigitsDurationInMilliseconds")
        Integer inBetweenDigitsDurationInMilliseconds,

        @JsonProperty("Repeat") Integer repeat,
        @JsonProperty("RepeatDurationInMilliseconds") Integer repeatDurationInMilliseconds)
        implements SmaAction {

    public static final String TYPE = "SpeakAndGetDigits";

    public SpeakAndGetDigits {
        Check.required("SpeakAndGetDigits.CallId", callId);
        Check.required("SpeakAndGetDigits.SpeechParameters", speechParameters);
        Check.required("SpeakAndGetDigits.FailureSpeechParameters", failureSpeechParameters);
        terminatorDigits =
                Check.keys("SpeakAndGetDigits.TerminatorDigits", terminatorDigits, Digits.KEYS, Digits.KEYS.length());
        Digits.check(
                TYPE,
                inputDigitsRegex,
                minNumberOfDigits,
                maxNumberOfDigits,
                inBetweenDigitsDurationInMilliseconds,
                repeat,
                repeatDurationInMilliseconds);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** What Polly says (the same options as {@link Speak}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SpeechParameters(
            @JsonProperty("Text") String text,
            @JsonProperty("Engine") PollyEngine engine,
            @JsonProperty("LanguageCode") String languageCode,
            @JsonProperty("TextType") TextType textType,
            @JsonProperty("VoiceId") String voiceId) {

        public SpeechParameters {
            SpeechRules.check("SpeakAndGetDigits.SpeechParameters", text, languageCode, textType, voiceId);
        }

        public static SpeechParameters text(String text) {
            return new SpeechParameters(text, null, null, null, null);
        }
    }
}
