package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether Speak text is plain text or SSML; AWS default text. */
public enum TextType {
    @JsonProperty("text")
    TEXT,
    @JsonProperty("ssml")
    SSML
}
