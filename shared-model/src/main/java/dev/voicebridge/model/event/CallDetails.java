package dev.voicebridge.model.event;

import dev.voicebridge.model.action.ParticipantTag;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CallDetails} of an SMA event.
 *
 * @param transactionAttributes what the Lambda stored with its last responses; null when absent
 * @param sipMediaApplicationId read from {@code SipMediaApplicationId} or, as some AWS pages print
 *                              it, {@code SipApplicationId}
 * @param participants          never null
 */
public record CallDetails(
        String transactionId,
        Map<String, String> transactionAttributes,
        String awsAccountId,
        String awsRegion,
        String sipRuleId,
        String sipMediaApplicationId,
        List<Participant> participants) {

    public CallDetails {
        transactionAttributes = transactionAttributes == null
                ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(transactionAttributes));
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    public Optional<String> transactionAttribute(String key) {
        return transactionAttributes == null ? Optional.empty() : Optional.ofNullable(transactionAttributes.get(key));
    }

    public Optional<Participant> participant(ParticipantTag tag) {
        return participants.stream().filter(p -> p.participantTag() == tag).findFirst();
    }

    public Optional<Participant> participantByCallId(String callId) {
        return participants.stream()
                .filter(p -> p.callId() != null && p.callId().equals(callId))
                .findFirst();
    }
}
