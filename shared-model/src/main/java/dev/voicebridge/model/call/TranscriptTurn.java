package dev.voicebridge.model.call;

import java.time.Instant;
import java.util.Objects;

/**
 * One final line of a call's transcript, as stored after the call: who spoke, what, when, and
 * whether the caller cut the assistant off (then {@code text} is what the caller heard).
 *
 * @param callId      the call's registry id (the SMA TransactionId for SMA calls)
 * @param seq         the turn's place in the call, from 0; a later write of the same seq replaces it
 *                    (a truncation that arrives after the line was written)
 * @param text        at most {@link #MAX_TEXT_CHARS} characters; a longer line is cut to that
 */
public record TranscriptTurn(String callId, int seq, Speaker speaker, String text, Instant at, boolean interrupted) {

    /**
     * The longest line kept: 32,000 characters are at most 128 KB of UTF-8, well inside DynamoDB's
     * 400 KB item limit with the other attributes. A spoken turn is a few hundred characters.
     */
    public static final int MAX_TEXT_CHARS = 32_000;

    public enum Speaker {
        CALLER,
        ASSISTANT
    }

    public TranscriptTurn {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(at, "at");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, but was " + seq);
        }
        text = text == null ? "" : text;
        if (text.length() > MAX_TEXT_CHARS) {
            // Never split a surrogate pair: the stored text must stay valid UTF-16.
            int end = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 2))
                    ? MAX_TEXT_CHARS - 2
                    : MAX_TEXT_CHARS - 1;
            text = text.substring(0, end) + "…";
        }
    }
}
