package dev.voicebridge.model.event;

import dev.voicebridge.model.action.ParticipantTag;
import java.util.Map;
import java.util.Optional;

/**
 * One leg of an SMA call as listed in {@code CallDetails.Participants}.
 *
 * @param startTimeInMilliseconds epoch millis; a string on the wire in AWS's examples, accepted as
 *                                either a string or a number
 * @param status                  null on NEW_OUTBOUND_CALL and RINGING, whose examples omit it
 * @param sipHeaders              custom headers ({@code X-...}, User-to-User, Diversion) when
 *                                present, else null
 */
public record Participant(
        String callId,
        ParticipantTag participantTag,
        String to,
        String from,
        Direction direction,
        Long startTimeInMilliseconds,
        ParticipantStatus status,
        Map<String, String> sipHeaders) {

    public Participant {
        sipHeaders = sipHeaders == null
                ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sipHeaders));
    }

    /** A SIP header by name, ignoring case as SIP does. */
    public Optional<String> sipHeader(String name) {
        if (sipHeaders == null || name == null) {
            return Optional.empty();
        }
        return sipHeaders.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public boolean isConnected() {
        return status == ParticipantStatus.CONNECTED;
    }
}
