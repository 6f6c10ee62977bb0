package dev.voicebridge.gateway.realtime.protocol;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * The server events the gateway acts on, in protocol-neutral form. Everything else, including event
 * types that do not exist yet, parses to {@link Ignored}: unknown events and fields are never fatal.
 */
public sealed interface ServerEvent {

    /** The canonical (GA) event type. */
    String type();

    record SessionCreated(String sessionId, Instant expiresAt) implements ServerEvent {
        public String type() {
            return "session.created";
        }
    }

    record SessionUpdated(EffectiveSession session) implements ServerEvent {
        public String type() {
            return "session.updated";
        }
    }

    record SpeechStarted(String itemId, long audioStartMs) implements ServerEvent {
        public String type() {
            return "input_audio_buffer.speech_started";
        }
    }

    record SpeechStopped(String itemId, long audioEndMs) implements ServerEvent {
        public String type() {
            return "input_audio_buffer.speech_stopped";
        }
    }

    record ResponseCreated(String responseId) implements ServerEvent {
        public String type() {
            return "response.created";
        }
    }

    /**
     * A chunk of assistant audio in the session's format, decoded once by the parser (null when the
     * event carried none). Equality is by content; toString names only the length (audio never
     * reaches a log).
     */
    record AudioDelta(String responseId, String itemId, byte[] audio) implements ServerEvent {

        public String type() {
            return "response.output_audio.delta";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AudioDelta d
                    && java.util.Objects.equals(responseId, d.responseId)
                    && java.util.Objects.equals(itemId, d.itemId)
                    && java.util.Arrays.equals(audio, d.audio);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(responseId, itemId) * 31 + java.util.Arrays.hashCode(audio);
        }

        @Override
        public String toString() {
            return "AudioDelta[responseId=" + responseId + ", itemId=" + itemId + ", audio="
                    + (audio == null ? "none" : audio.length + " bytes") + "]";
        }
    }

    record AudioDone(String responseId, String itemId) implements ServerEvent {
        public String type() {
            return "response.output_audio.done";
        }
    }

    record AssistantTranscriptDone(String responseId, String itemId, String transcript) implements ServerEvent {
        public String type() {
            return "response.output_audio_transcript.done";
        }
    }

    /** The final text of a text content part (text-only replies: an operator's copilot mode). */
    record TextDone(String responseId, String itemId, String text) implements ServerEvent {
        public String type() {
            return "response.output_text.done";
        }
    }

    record CallerTranscriptCompleted(String itemId, String transcript) implements ServerEvent {
        public String type() {
            return "conversation.item.input_audio_transcription.completed";
        }
    }

    record CallerTranscriptFailed(String itemId, String message) implements ServerEvent {
        public String type() {
            return "conversation.item.input_audio_transcription.failed";
        }
    }

    /** An output item began; for function calls it names the function before the arguments arrive. */
    record OutputItemAdded(String responseId, String itemId, String itemType, String callId, String name)
            implements ServerEvent {
        public String type() {
            return "response.output_item.added";
        }
    }

    /** An output item finished; a function_call item carries name, call_id and the full arguments. */
    record OutputItemDone(
            String responseId, String itemId, String itemType, String callId, String name, String arguments)
            implements ServerEvent {
        public String type() {
            return "response.output_item.done";
        }
    }

    record FunctionCallArgumentsDone(String responseId, String itemId, String callId, String name, String arguments)
            implements ServerEvent {
        public String type() {
            return "response.function_call_arguments.done";
        }
    }

    /** Always sent at the end of a response, whatever its status (completed, cancelled, ...). */
    record ResponseDone(String responseId, String status, Usage usage) implements ServerEvent {
        public String type() {
            return "response.done";
        }
    }

    record ItemTruncated(String itemId, long audioEndMs) implements ServerEvent {
        public String type() {
            return "conversation.item.truncated";
        }
    }

    /** "Most errors are recoverable and the session stays open." */
    record Error(String errorType, String code, String message, String clientEventId) implements ServerEvent {
        public String type() {
            return "error";
        }
    }

    record RateLimitsUpdated(JsonNode rateLimits) implements ServerEvent {
        public String type() {
            return "rate_limits.updated";
        }
    }

    /** A known event the gateway does not act on, or one it does not know. */
    record Ignored(String type, boolean known) implements ServerEvent {}
}
