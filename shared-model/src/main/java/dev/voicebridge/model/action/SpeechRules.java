package dev.voicebridge.model.action;

import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.util.regex.Pattern;

/** DG/speak.html: Text at most 1,000 characters; SSML text must be a speak document. */
final class SpeechRules {

    static final int MAX_TEXT = 1000;
    static final Pattern LANGUAGE_CODE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,4}){0,2}");
    static final Pattern VOICE_ID = Pattern.compile("[A-Za-z][A-Za-z-]{1,31}");

    private SpeechRules() {}

    static void check(String prefix, String text, String languageCode, TextType textType, String voiceId) {
        Check.required(prefix + ".Text", text);
        Check.maxLength(prefix + ".Text", text, MAX_TEXT);
        if (textType == TextType.SSML) {
            String trimmed = text.strip();
            if (!trimmed.startsWith("<speak") || !trimmed.endsWith("</speak>")) {
                throw new SmaValidationException(
                        prefix + ".Text", text, "an SSML document wrapped in <speak>...</speak> when TextType is ssml");
            }
        }
        Check.matches(prefix + ".LanguageCode", languageCode, LANGUAGE_CODE, "a Polly language code such as en-US");
        Check.matches(prefix + ".VoiceId", voiceId, VOICE_ID, "a Polly voice id such as Joanna");
    }
}
