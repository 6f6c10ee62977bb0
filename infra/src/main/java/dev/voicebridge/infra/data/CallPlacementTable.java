package dev.voicebridge.infra.data;

import java.util.List;
import software.constructs.Construct;

/**
 * The calls API's placed-call requests (call-registry's DynamoDbPlacedRequests, whose README says
 * why): per call, the instructions, voice and greeting its answered SIP leg needs on whichever
 * gateway it lands (10 min); per Idempotency-Key, the request's fingerprint and the call it placed
 * (GATEWAY_IDEMPOTENCY_TTL). Every item expires by TTL within a day, so no point-in-time recovery:
 * minutes to a day of state, rebuilt by the next request.
 */
public final class CallPlacementTable extends ExpiringTable {

    public static final String PARTITION_KEY = "pk";

    /**
     * What the gateway needs: read a prompt or a key's claim (GetItem), store a prompt and claim a key
     * (conditional PutItem), record the call a claim placed (UpdateItem), release a failed claim
     * (DeleteItem). No Query, no Scan.
     */
    public static final List<String> GATEWAY_ACTIONS =
            List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");

    public CallPlacementTable(Construct scope, String id) {
        super(scope, id, PARTITION_KEY, null, Recovery.NONE);
    }
}
