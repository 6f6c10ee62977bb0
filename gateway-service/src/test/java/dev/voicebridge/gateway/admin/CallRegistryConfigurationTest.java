package dev.voicebridge.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.registry.CallRegistryConfiguration;
import dev.voicebridge.gateway.admin.registry.ClosingDynamoDbRegistry;
import dev.voicebridge.gateway.admin.registry.ClosingPlacedRequests;
import dev.voicebridge.gateway.admin.registry.RegistryProperties;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.InMemoryCallRegistry;
import dev.voicebridge.model.call.InMemoryPlacedRequests;
import dev.voicebridge.model.call.PlacedRequests;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Which registry the gateway uses: in memory by default, DynamoDB when CALL_REGISTRY_TABLE is set. */
class CallRegistryConfigurationTest {

    @Configuration
    @EnableConfigurationProperties(RegistryProperties.class)
    @Import(CallRegistryConfiguration.class)
    static class Registry {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Registry.class)
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues("aws.region=us-east-1")
            .withSystemProperties("aws.region=us-east-1", "aws.accessKeyId=local", "aws.secretAccessKey=local");

    @Test
    void shouldKeepCallsInMemoryWhenNoTableIsConfigured() {
        // Given no CALL_REGISTRY_TABLE
        // When the context starts
        // Then the registry is the in-memory one, and so are the calls API's prompts and Idempotency-Keys
        runner.withPropertyValues("voicebridge.registry.table=").run(context -> {
            assertThat(context.getBean(CallRegistry.class)).isInstanceOf(InMemoryCallRegistry.class);
            assertThat(context.getBean(PlacedRequests.class)).isInstanceOf(InMemoryPlacedRequests.class);
        });
    }

    @Test
    void shouldUseTheSharedDynamoDbTableWhenOneIsConfigured() {
        // Given CALL_REGISTRY_TABLE (and a DynamoDB Local endpoint)
        // When the context starts
        // Then the registry is the DynamoDB one, and it is closed with the context; the calls API's
        // prompts and keys are shared in DynamoDB too
        runner.withPropertyValues(
                        "voicebridge.registry.table=voicebridge-calls",
                        "voicebridge.registry.ttl-days=3",
                        "voicebridge.registry.endpoint=http://127.0.0.1:8000")
                .run(context -> {
                    assertThat(context.getBean(CallRegistry.class)).isInstanceOf(ClosingDynamoDbRegistry.class);
                    assertThat(context.getBean(PlacedRequests.class)).isInstanceOf(ClosingPlacedRequests.class);
                });
    }

    @Test
    void shouldRefuseANonsenseRetention() {
        // Given a TTL of zero days
        // When the context starts
        // Then it fails, naming the setting
        runner.withPropertyValues("voicebridge.registry.table=t", "voicebridge.registry.ttl-days=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttlDays"));
    }
}
