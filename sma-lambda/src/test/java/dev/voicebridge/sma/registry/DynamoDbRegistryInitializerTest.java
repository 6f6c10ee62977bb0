package dev.voicebridge.sma.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.registry.dynamodb.DynamoDbCallRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The Lambda's registry switch: DynamoDB with CALL_REGISTRY_TABLE, the logging default without. */
class DynamoDbRegistryInitializerTest {

    private static GenericApplicationContext context(Map<String, Object> env) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("env", env));
        new DynamoDbRegistryInitializer().initialize(context);
        return context;
    }

    @Test
    void shouldRegisterTheDynamoDbRegistryWhenATableIsConfigured() {
        // Given CALL_REGISTRY_TABLE, a TTL and a local endpoint
        System.setProperty("aws.region", System.getProperty("aws.region", "us-east-1"));
        try (GenericApplicationContext context = context(Map.of(
                "CALL_REGISTRY_TABLE",
                "voicebridge-calls",
                "CALL_REGISTRY_TTL_DAYS",
                "3",
                "CALL_REGISTRY_ENDPOINT",
                "http://127.0.0.1:8000"))) {
            // When the context starts
            context.refresh();

            // Then the Lambda's registry is the DynamoDB one on that table, keeping calls 3 days
            DynamoDbCallRegistry registry = (DynamoDbCallRegistry) context.getBean(CallRegistry.class);
            assertThat(registry.tableName()).isEqualTo("voicebridge-calls");
            assertThat(registry.retention().toDays()).isEqualTo(3);
        }
    }

    @Test
    void shouldLeaveTheDefaultWhenNoTableIsConfigured() {
        // Given no CALL_REGISTRY_TABLE
        try (GenericApplicationContext context = context(Map.of())) {
            // When the context starts
            context.refresh();

            // Then no registry bean is added (the function falls back to the logging registry)
            assertThat(context.getBeanProvider(CallRegistry.class).getIfAvailable())
                    .isNull();
        }
    }

    @Test
    void shouldRefuseABadTtlNamingTheVariable() {
        // Given a TTL that is not a number
        // When the initializer runs
        // Then it fails naming CALL_REGISTRY_TTL_DAYS and the value
        assertThatThrownBy(() -> context(Map.of("CALL_REGISTRY_TABLE", "t", "CALL_REGISTRY_TTL_DAYS", "week")))
                .hasMessageContaining("CALL_REGISTRY_TTL_DAYS")
                .hasMessageContaining("week");
    }
}
