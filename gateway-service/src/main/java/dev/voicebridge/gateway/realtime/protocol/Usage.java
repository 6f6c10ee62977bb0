package dev.voicebridge.gateway.realtime.protocol;

import tools.jackson.databind.JsonNode;

/** Token usage of one response (response.done usage); audio tokens dominate the bill. */
public record Usage(
        long totalTokens,
        long inputTokens,
        long outputTokens,
        long inputTextTokens,
        long inputAudioTokens,
        long inputCachedTokens,
        long outputTextTokens,
        long outputAudioTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0, 0);

    static Usage from(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return ZERO;
        }
        JsonNode in = usage.path("input_token_details");
        JsonNode out = usage.path("output_token_details");
        return new Usage(
                Json.number(usage, "total_tokens", 0),
                Json.number(usage, "input_tokens", 0),
                Json.number(usage, "output_tokens", 0),
                Json.number(in, "text_tokens", 0),
                Json.number(in, "audio_tokens", 0),
                Json.number(in, "cached_tokens", 0),
                Json.number(out, "text_tokens", 0),
                Json.number(out, "audio_tokens", 0));
    }

    public Usage plus(Usage o) {
        return new Usage(
                totalTokens + o.totalTokens,
                inputTokens + o.inputTokens,
                outputTokens + o.outputTokens,
                inputTextTokens + o.inputTextTokens,
                inputAudioTokens + o.inputAudioTokens,
                inputCachedTokens + o.inputCachedTokens,
                outputTextTokens + o.outputTextTokens,
                outputAudioTokens + o.outputAudioTokens);
    }
}
