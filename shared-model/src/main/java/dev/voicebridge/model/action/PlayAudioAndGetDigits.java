package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;
import java.util.List;

/**
 * Plays a prompt and collects DTMF (DG/play-audio-get-digits.html); ACTION_SUCCESSFUL carries
 * ReceivedDigits. On a miss it plays FailureAudioSource and tries again up to Repeat times.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlayAudioAndGetDigits(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("InputDigitsRegex") String inputDigitsRegex,
        @JsonProperty("AudioSource") AudioSource audioSource,
        @JsonProperty("FailureAudioSource") AudioSource failureAudioSource,
        @JsonProperty("MinNumberOfDigits") Integer minNumberOfDigits,
        @JsonProperty("MaxNumberOfDigits") Integer maxNumberOfDigits,
        @JsonProperty("TerminatorDigits") List<String> terminatorDigits,

        @JsonProperty("InBetweenDigitsDurationInMilliseconds")
        Integer inBetweenDigitsDurationInMilliseconds,

        @JsonProperty("Repeat") Integer repeat,
        @JsonProperty("RepeatDurationInMilliseconds") Integer repeatDurationInMilliseconds)
        implements SmaAction {

    public static final String TYPE = "PlayAudioAndGetDigits";

    public PlayAudioAndGetDigits {
        Check.nonBlankIfPresent("PlayAudioAndGetDigits.CallId", callId);
        Check.required("PlayAudioAndGetDigits.AudioSource", audioSource);
        Check.required("PlayAudioAndGetDigits.FailureAudioSource", failureAudioSource);
        terminatorDigits = Check.keys(
                "PlayAudioAndGetDigits.TerminatorDigits", terminatorDigits, Digits.KEYS, Digits.KEYS.length());
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
}
