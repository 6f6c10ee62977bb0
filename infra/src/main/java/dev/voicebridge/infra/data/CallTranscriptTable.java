package dev.voicebridge.infra.data;

import java.util.List;
import software.constructs.Construct;

/**
 * Call transcripts (issue 15): one item per turn, keyed by the call id and the turn's sequence
 * number (call-registry's DynamoDbTranscriptStore, whose README says why), written by every gateway
 * as lines become final and expired by TTL with the call registry's retention; point-in-time
 * recovery as the registry's.
 */
public final class CallTranscriptTable extends ExpiringTable {

    public static final String PARTITION_KEY = "callId";
    public static final String SORT_KEY = "seq";

    /** What the gateway needs: write a turn, read a call's turns. */
    public static final List<String> GATEWAY_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:Query");

    public CallTranscriptTable(Construct scope, String id) {
        super(scope, id, PARTITION_KEY, SORT_KEY, Recovery.POINT_IN_TIME);
    }
}
