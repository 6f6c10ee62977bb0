package dev.voicebridge.model.event;

import dev.voicebridge.model.action.ParticipantTag;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One invocation of the SMA Lambda. Read with {@code SmaJson.parseEvent}; any Jackson mapper
 * (e.g. Spring Cloud Function's) uses the same tolerant reader through the annotations below.
 *
 * @param sequence      +1 on every invocation of a call (0 when AWS leaves it out)
 * @param rawEventType  the type exactly as received, kept for {@link InvocationEventType#UNKNOWN}
 * @param actionData    null for events that carry none (NEW_INBOUND_CALL, RINGING, ...)
 * @param errorType     top-level ErrorType (INVALID_LAMBDA_RESPONSE's documented example), else null
 * @param unknownFields fields this model does not know, by path ("Foo", "CallDetails.Foo",
 *                      "CallDetails.Participants[0].Foo"), kept so a new AWS field is never lost
 */
@JsonDeserialize(using = SmaEventDeserializer.class)
@JsonSerialize(using = SmaEventSerializer.class)
public record SmaEvent(
        String schemaVersion,
        int sequence,
        InvocationEventType invocationEventType,
        String rawEventType,
        ActionData actionData,
        CallDetails callDetails,
        String errorType,
        String errorMessage,
        Map<String, Object> unknownFields) {

    public SmaEvent {
        Objects.requireNonNull(invocationEventType, "invocationEventType");
        Objects.requireNonNull(callDetails, "callDetails");
        if (rawEventType == null) {
            rawEventType = invocationEventType.name();
        }
        unknownFields =
                unknownFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
    }

    public String transactionId() {
        return callDetails.transactionId();
    }

    public Optional<Participant> participant(ParticipantTag tag) {
        return callDetails.participant(tag);
    }

    public Optional<Participant> legA() {
        return participant(ParticipantTag.LEG_A);
    }

    public Optional<Participant> legB() {
        return participant(ParticipantTag.LEG_B);
    }

    public Optional<ActionData> action() {
        return Optional.ofNullable(actionData);
    }

    /** The failure this event reports, wherever AWS put it (see {@link ActionData#failure()}). */
    public Optional<SmaFailure> failure() {
        if (actionData != null) {
            Optional<SmaFailure> fromActionData = actionData.failure();
            if (fromActionData.isPresent()) {
                return fromActionData;
            }
        }
        if (errorType != null || errorMessage != null) {
            return Optional.of(new SmaFailure(errorType == null ? "Error" : errorType, errorMessage));
        }
        return Optional.empty();
    }

    public Optional<String> transactionAttribute(String key) {
        return callDetails.transactionAttribute(key);
    }
}
