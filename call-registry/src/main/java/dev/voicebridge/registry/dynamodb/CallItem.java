package dev.voicebridge.registry.dynamodb;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

/**
 * One call as a DynamoDB item. A mutable bean only because the enhanced client's bean schema wants
 * one; nothing outside {@link CallItems} sees it. Attributes are plain strings and numbers (no
 * JSON blobs) so the table reads well in the console and in PartiQL.
 */
@DynamoDbBean
public class CallItem {

    private String callId;
    private Long version;
    private String callState;
    private Long updatedAtMs;
    private String smaTransactionId;
    private String sipMediaApplicationId;
    private String from;
    private String to;
    private String direction;
    private String endReason;
    private String createdAt;
    private String updatedAt;
    private List<StateChangeItem> history;
    private List<LegItem> legs;
    private String metadata;
    private String recording;
    private Long expiresAt;

    @DynamoDbPartitionKey
    @DynamoDbAttribute(CallItems.PARTITION_KEY)
    public String getCallId() {
        return callId;
    }

    public void setCallId(String callId) {
        this.callId = callId;
    }

    @DynamoDbAttribute(CallItems.VERSION)
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = CallItems.STATE_INDEX)
    @DynamoDbAttribute(CallItems.STATE)
    public String getCallState() {
        return callState;
    }

    public void setCallState(String callState) {
        this.callState = callState;
    }

    @DynamoDbSecondarySortKey(indexNames = CallItems.STATE_INDEX)
    @DynamoDbAttribute(CallItems.UPDATED_AT_MS)
    public Long getUpdatedAtMs() {
        return updatedAtMs;
    }

    public void setUpdatedAtMs(Long updatedAtMs) {
        this.updatedAtMs = updatedAtMs;
    }

    public String getSmaTransactionId() {
        return smaTransactionId;
    }

    public void setSmaTransactionId(String smaTransactionId) {
        this.smaTransactionId = smaTransactionId;
    }

    public String getSipMediaApplicationId() {
        return sipMediaApplicationId;
    }

    public void setSipMediaApplicationId(String sipMediaApplicationId) {
        this.sipMediaApplicationId = sipMediaApplicationId;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getDirection() {
        return direction;
    }

    public void setDirection(String direction) {
        this.direction = direction;
    }

    public String getEndReason() {
        return endReason;
    }

    public void setEndReason(String endReason) {
        this.endReason = endReason;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }

    public List<StateChangeItem> getHistory() {
        return history;
    }

    public void setHistory(List<StateChangeItem> history) {
        this.history = history;
    }

    public List<LegItem> getLegs() {
        return legs;
    }

    public void setLegs(List<LegItem> legs) {
        this.legs = legs;
    }

    /** The application's own JSON object, as its text: it is theirs, not a layout of ours. */
    public String getMetadata() {
        return metadata;
    }

    public void setMetadata(String metadata) {
        this.metadata = metadata;
    }

    /** The recording's URI. */
    public String getRecording() {
        return recording;
    }

    public void setRecording(String recording) {
        this.recording = recording;
    }

    /** Epoch seconds after which DynamoDB TTL may delete the item. */
    @DynamoDbAttribute(CallItems.TTL_ATTRIBUTE)
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    /** One entry of the call's state history. */
    @DynamoDbBean
    public static class StateChangeItem {
        private String state;
        private String at;
        private String reason;

        public String getState() {
            return state;
        }

        public void setState(String state) {
            this.state = state;
        }

        public String getAt() {
            return at;
        }

        public void setAt(String at) {
            this.at = at;
        }

        public String getReason() {
            return reason;
        }

        public void setReason(String reason) {
            this.reason = reason;
        }
    }

    /** One leg of the call. */
    @DynamoDbBean
    public static class LegItem {
        private String legId;
        private String role;
        private String state;
        private String startedAt;
        private String endedAt;

        public String getLegId() {
            return legId;
        }

        public void setLegId(String legId) {
            this.legId = legId;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }

        public String getState() {
            return state;
        }

        public void setState(String state) {
            this.state = state;
        }

        public String getStartedAt() {
            return startedAt;
        }

        public void setStartedAt(String startedAt) {
            this.startedAt = startedAt;
        }

        public String getEndedAt() {
            return endedAt;
        }

        public void setEndedAt(String endedAt) {
            this.endedAt = endedAt;
        }
    }
}
