package dev.voicebridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.SmaActionDeserializer;
import dev.voicebridge.model.action.SmaActionSerializer;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * What the SMA Lambda returns: {@code {"SchemaVersion":"1.0","Actions":[...],"TransactionAttributes":{...}}}.
 * Serializes the same with {@link SmaJson} or any Jackson 3 mapper.
 *
 * @param actions               at most 10; an empty list stops what runs on the call (on
 *                              NEW_INBOUND_CALL it leaves the call unanswered)
 * @param transactionAttributes null = omitted (AWS keeps what it has); {@code {}} clears them. At
 *                              most 10 keys (the limit AWS enforced in its own example, not the
 *                              100 its text says) and 20 KB
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"SchemaVersion", "Actions", "TransactionAttributes"})
public record SmaResponse(
        @JsonProperty("SchemaVersion") String schemaVersion,

        @JsonProperty("Actions")
        @JsonSerialize(contentUsing = SmaActionSerializer.class)
        @JsonDeserialize(contentUsing = SmaActionDeserializer.class)
        List<SmaAction> actions,

        @JsonProperty("TransactionAttributes") Map<String, String> transactionAttributes) {

    public static final String SCHEMA_VERSION = "1.0";
    public static final int MAX_ACTIONS = 10;
    public static final int MAX_TRANSACTION_ATTRIBUTES = 10;
    public static final int MAX_TRANSACTION_ATTRIBUTES_BYTES = 20 * 1024;

    public SmaResponse {
        Check.required("SchemaVersion", schemaVersion);
        if (!SCHEMA_VERSION.equals(schemaVersion)) {
            throw new SmaValidationException("SchemaVersion", schemaVersion, "\"" + SCHEMA_VERSION + "\"");
        }
        Check.required("Actions", actions);
        actions = Check.listOf("Actions", actions, 0, MAX_ACTIONS);
        transactionAttributes = checkAttributes(transactionAttributes);
    }

    public static SmaResponse of(SmaAction... actions) {
        return new SmaResponse(SCHEMA_VERSION, Arrays.asList(actions), null);
    }

    public static SmaResponse of(List<? extends SmaAction> actions) {
        return new SmaResponse(SCHEMA_VERSION, new ArrayList<>(actions), null);
    }

    /** {@code "Actions": []}: stop running actions; the answer to CALL_ANSWERED with nothing to do. */
    public static SmaResponse empty() {
        return new SmaResponse(SCHEMA_VERSION, List.of(), null);
    }

    public SmaResponse withTransactionAttributes(Map<String, String> attributes) {
        return new SmaResponse(schemaVersion, actions, attributes);
    }

    /** This response with one more action at the end. */
    public SmaResponse plus(SmaAction action) {
        List<SmaAction> more = new ArrayList<>(actions);
        more.add(action);
        return new SmaResponse(schemaVersion, more, transactionAttributes);
    }

    private static Map<String, String> checkAttributes(Map<String, String> attributes) {
        Map<String, String> copy = Check.stringMap("TransactionAttributes", attributes);
        if (copy == null) {
            return null;
        }
        if (copy.size() > MAX_TRANSACTION_ATTRIBUTES) {
            throw SmaValidationException.measured(
                    "TransactionAttributes", copy.size() + " keys", "at most " + MAX_TRANSACTION_ATTRIBUTES + " keys");
        }
        int bytes = 0;
        for (Map.Entry<String, String> e : copy.entrySet()) {
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_TRANSACTION_ATTRIBUTES_BYTES) {
            throw SmaValidationException.measured(
                    "TransactionAttributes",
                    bytes + " bytes",
                    "at most " + MAX_TRANSACTION_ATTRIBUTES_BYTES + " bytes of keys and values");
        }
        return copy;
    }
}
