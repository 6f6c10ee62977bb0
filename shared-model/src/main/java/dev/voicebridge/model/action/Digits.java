package dev.voicebridge.model.action;

import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;

/** The digit-collection options PlayAudioAndGetDigits and SpeakAndGetDigits share. */
final class Digits {

    /** DTMF keys a terminator may be. */
    static final String KEYS = "0123456789#*";
    /** AWS default and maximum for MaxNumberOfDigits. */
    static final int MAX_DIGITS = 128;

    private Digits() {}

    static void check(
            String action,
            String inputDigitsRegex,
            Integer minNumberOfDigits,
            Integer maxNumberOfDigits,
            Integer inBetweenDigitsDurationInMilliseconds,
            Integer repeat,
            Integer repeatDurationInMilliseconds) {
        Check.regex(action + ".InputDigitsRegex", inputDigitsRegex);
        Check.between(action + ".MinNumberOfDigits", minNumberOfDigits, 0, MAX_DIGITS);
        Check.between(action + ".MaxNumberOfDigits", maxNumberOfDigits, 1, MAX_DIGITS);
        if (minNumberOfDigits != null && maxNumberOfDigits != null && minNumberOfDigits > maxNumberOfDigits) {
            throw new SmaValidationException(
                    action + ".MinNumberOfDigits",
                    minNumberOfDigits,
                    "at most MaxNumberOfDigits (" + maxNumberOfDigits + ")");
        }
        Check.positive(action + ".InBetweenDigitsDurationInMilliseconds", inBetweenDigitsDurationInMilliseconds);
        Check.positive(action + ".Repeat", repeat);
        Check.required(action + ".RepeatDurationInMilliseconds", repeatDurationInMilliseconds);
        Check.positive(action + ".RepeatDurationInMilliseconds", repeatDurationInMilliseconds);
    }
}
