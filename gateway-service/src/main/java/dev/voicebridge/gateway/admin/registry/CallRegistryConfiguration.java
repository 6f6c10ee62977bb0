package dev.voicebridge.gateway.admin.registry;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.InMemoryCallRegistry;
import dev.voicebridge.model.call.InMemoryPlacedRequests;
import dev.voicebridge.model.call.InMemoryTranscriptStore;
import dev.voicebridge.model.call.PlacedRequests;
import dev.voicebridge.model.call.TranscriptStore;
import dev.voicebridge.registry.dynamodb.DynamoDbPlacedRequests;
import dev.voicebridge.registry.dynamodb.DynamoDbRegistrySettings;
import dev.voicebridge.registry.dynamodb.DynamoDbTranscriptStore;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The gateway's call registry, transcript store and placed-call requests: in memory by default, the
 * shared DynamoDB tables when CALL_REGISTRY_TABLE is set.
 */
@Configuration(proxyBeanMethods = false)
public class CallRegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CallRegistryConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(CallRegistry.class)
    CallRegistry callRegistry(RegistryProperties properties, Clock wallClock) {
        if (!properties.dynamoDb()) {
            log.info("call registry: in memory (this gateway's calls only); set CALL_REGISTRY_TABLE to share one");
            return new InMemoryCallRegistry(properties.maxEndedInMemory());
        }
        DynamoDbRegistrySettings settings = new DynamoDbRegistrySettings(
                properties.table().trim(), Duration.ofDays(properties.ttlDays()), properties.endpointUri());
        DynamoDbClient client = settings.client();
        log.info(
                "call registry: DynamoDB table {} (TTL {} days{})",
                settings.tableName(),
                properties.ttlDays(),
                settings.endpoint() == null ? "" : ", endpoint " + settings.endpoint());
        return new ClosingDynamoDbRegistry(settings.registry(client, wallClock), client);
    }

    /** Transcripts live where the calls do: in memory, or in the DynamoDB table next to the registry's. */
    @Bean
    @ConditionalOnMissingBean(TranscriptStore.class)
    TranscriptStore transcriptStore(RegistryProperties properties, Clock wallClock) {
        if (!properties.dynamoDb()) {
            return new InMemoryTranscriptStore(Math.max(1, properties.maxEndedInMemory()));
        }
        DynamoDbRegistrySettings settings = new DynamoDbRegistrySettings(
                properties.table().trim(), Duration.ofDays(properties.ttlDays()), properties.endpointUri());
        DynamoDbClient client = settings.client();
        DynamoDbTranscriptStore store = settings.transcripts(client, properties.transcriptTable(), wallClock);
        log.info("call transcripts: DynamoDB table {} (one item per turn)", store.tableName());
        return new ClosingTranscriptStore(store, client);
    }

    /**
     * The calls API's prompts and Idempotency-Keys: shared in DynamoDB next to the registry, so a
     * retry or an answered call's SIP leg on any instance finds what the first instance stored.
     */
    @Bean
    @ConditionalOnMissingBean(PlacedRequests.class)
    PlacedRequests placedRequests(RegistryProperties properties, Clock wallClock) {
        if (!properties.dynamoDb()) {
            return new InMemoryPlacedRequests(wallClock);
        }
        DynamoDbRegistrySettings settings = new DynamoDbRegistrySettings(
                properties.table().trim(), Duration.ofDays(properties.ttlDays()), properties.endpointUri());
        DynamoDbClient client = settings.client();
        DynamoDbPlacedRequests store = settings.placements(client, properties.placementTable(), wallClock);
        log.info("placed calls and Idempotency-Keys: DynamoDB table {}", store.tableName());
        return new ClosingPlacedRequests(store, client);
    }
}
