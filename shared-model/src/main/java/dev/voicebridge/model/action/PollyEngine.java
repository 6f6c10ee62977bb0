package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Amazon Polly engine for Speak / SpeakAndGetDigits; AWS default standard. */
public enum PollyEngine {
    @JsonProperty("standard")
    STANDARD,
    @JsonProperty("neural")
    NEURAL
}
