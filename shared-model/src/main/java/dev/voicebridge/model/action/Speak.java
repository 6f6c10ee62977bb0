package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/**
 * Speaks text with Amazon Polly (DG/speak.html); answers an unanswered call.
 *
 * @param text at most 1,000 characters; an SSML document when textType is ssml
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Speak(
        @JsonProperty("CallId") String callId,
        @JsonProperty("Text") String text,
        @JsonProperty("Engine") PollyEngine engine,
        @JsonProperty("LanguageCode") String languageCode,
        @JsonProperty("TextType") TextType textType,
        @JsonProperty("VoiceId") String voiceId)
        implements SmaAction {

    public static final String TYPE = "Speak";

    public Speak {
        Check.required("Speak.CallId", callId);
        SpeechRules.check(TYPE, text, languageCode, textType, voiceId);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static Speak text(String callId, String text) {
        return new Speak(callId, text, null, null, null, null);
    }

    public static Speak ssml(String callId, String ssml) {
        return new Speak(callId, ssml, null, null, TextType.SSML, null);
    }

    public Speak withVoice(PollyEngine engine, String languageCode, String voiceId) {
        return new Speak(callId, text, engine, languageCode, textType, voiceId);
    }
}
