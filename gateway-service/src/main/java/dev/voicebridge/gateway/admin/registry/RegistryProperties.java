package dev.voicebridge.gateway.admin.registry;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where call status is kept.
 *
 * @param table    CALL_REGISTRY_TABLE: the shared DynamoDB table; unset keeps calls in memory
 *                 (this gateway's calls only)
 * @param ttlDays  CALL_REGISTRY_TTL_DAYS: days after its last update before TTL may delete a call
 * @param endpoint CALL_REGISTRY_ENDPOINT: DynamoDB endpoint override (DynamoDB Local)
 * @param maxEndedInMemory ended calls the in-memory registry keeps, oldest dropped first
 * @param transcriptTable CALL_TRANSCRIPT_TABLE: the DynamoDB table of call transcripts (one item
 *                 per turn); unset = the registry table's name + "-transcripts". Used only with
 *                 CALL_REGISTRY_TABLE; without it transcripts stay in memory like the calls
 * @param placementTable CALL_PLACEMENT_TABLE: the DynamoDB table of the calls API's placed-call
 *                 requests (prompts and Idempotency-Keys, shared by every instance); unset = the
 *                 registry table's name + "-placements". Used only with CALL_REGISTRY_TABLE
 */
@Validated
@ConfigurationProperties("voicebridge.registry")
public record RegistryProperties(
        String table,
        @Min(1) @Max(3650) @DefaultValue("7") int ttlDays,
        String endpoint,
        @Min(0) @Max(1_000_000) @DefaultValue("10000") int maxEndedInMemory,
        String transcriptTable,
        String placementTable) {

    /** The endpoint override, or null for the region's DynamoDB. */
    public URI endpointUri() {
        return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
    }

    public boolean dynamoDb() {
        return table != null && !table.isBlank();
    }
}
