package dev.voicebridge.registry.dynamodb;

import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegState;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.call.StateChange;
import dev.voicebridge.model.event.Direction;
import java.time.Instant;
import java.util.List;

/** The table layout, and the mapping between {@link CallStatus} and {@link CallItem}. */
public final class CallItems {

    /** Matches infra's CallRegistryTable. */
    public static final String PARTITION_KEY = "callId";

    public static final String TTL_ATTRIBUTE = "expiresAt";
    public static final String VERSION = "version";
    /** "state" is a DynamoDB reserved word; this name keeps hand-written expressions simple. */
    public static final String STATE = "callState";

    public static final String UPDATED_AT_MS = "updatedAtMs";
    /** Global secondary index: partition key {@link #STATE}, sort key {@link #UPDATED_AT_MS}. */
    public static final String STATE_INDEX = "byState";

    private CallItems() {}

    static CallItem toItem(CallStatus status, Instant expiresAt) {
        CallItem item = new CallItem();
        item.setCallId(status.callId());
        item.setVersion(status.version());
        item.setCallState(status.state().name());
        item.setUpdatedAtMs(status.updatedAt().toEpochMilli());
        item.setSmaTransactionId(status.smaTransactionId());
        item.setSipMediaApplicationId(status.sipMediaApplicationId());
        item.setFrom(status.from());
        item.setTo(status.to());
        item.setDirection(status.direction() == null ? null : status.direction().name());
        item.setEndReason(status.endReason());
        item.setCreatedAt(status.createdAt().toString());
        item.setUpdatedAt(status.updatedAt().toString());
        item.setHistory(status.history().stream().map(CallItems::toItem).toList());
        item.setLegs(status.legs().stream().map(CallItems::toItem).toList());
        item.setMetadata(status.metadata());
        item.setRecording(status.recording());
        // Every write moves the expiry on, so a live call never expires and a call whose gateway
        // died without ending it goes away by itself one retention period after it was last seen.
        item.setExpiresAt(expiresAt.getEpochSecond());
        return item;
    }

    static CallStatus toStatus(CallItem item) {
        return new CallStatus(
                item.getCallId(),
                item.getSmaTransactionId(),
                item.getSipMediaApplicationId(),
                item.getFrom(),
                item.getTo(),
                item.getDirection() == null ? null : Direction.valueOf(item.getDirection()),
                CallState.valueOf(item.getCallState()),
                item.getHistory() == null
                        ? List.of()
                        : item.getHistory().stream().map(CallItems::toChange).toList(),
                item.getEndReason(),
                item.getLegs() == null
                        ? List.of()
                        : item.getLegs().stream().map(CallItems::toLeg).toList(),
                item.getMetadata(),
                item.getRecording(),
                Instant.parse(item.getCreatedAt()),
                Instant.parse(item.getUpdatedAt()),
                item.getVersion() == null ? 0 : item.getVersion());
    }

    private static CallItem.StateChangeItem toItem(StateChange change) {
        CallItem.StateChangeItem item = new CallItem.StateChangeItem();
        item.setState(change.state().name());
        item.setAt(change.at().toString());
        item.setReason(change.reason());
        return item;
    }

    private static StateChange toChange(CallItem.StateChangeItem item) {
        return new StateChange(CallState.valueOf(item.getState()), Instant.parse(item.getAt()), item.getReason());
    }

    private static CallItem.LegItem toItem(LegStatus leg) {
        CallItem.LegItem item = new CallItem.LegItem();
        item.setLegId(leg.legId());
        item.setRole(leg.role().name());
        item.setState(leg.state().name());
        item.setStartedAt(leg.startedAt().toString());
        item.setEndedAt(leg.endedAt() == null ? null : leg.endedAt().toString());
        return item;
    }

    private static LegStatus toLeg(CallItem.LegItem item) {
        return new LegStatus(
                item.getLegId(),
                LegRole.valueOf(item.getRole()),
                LegState.valueOf(item.getState()),
                Instant.parse(item.getStartedAt()),
                item.getEndedAt() == null ? null : Instant.parse(item.getEndedAt()));
    }
}
