package dev.voicebridge.sma.registry;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.registry.dynamodb.DynamoDbCallRegistry;
import dev.voicebridge.registry.dynamodb.DynamoDbRegistrySettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Makes the shared DynamoDB call registry the Lambda's {@link CallRegistry} when CALL_REGISTRY_TABLE is set
 * (with CALL_REGISTRY_TTL_DAYS and CALL_REGISTRY_ENDPOINT as the gateway reads them), so the gateways' admin API
 * sees every call the Lambda handles. Without it the {@link LoggingCallRegistry} default stays. Listed in
 * META-INF/spring.factories: FunctionalSpringApplication applies initializers but does not scan.
 */
public class DynamoDbRegistryInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbRegistryInitializer.class);

    @Override
    public void initialize(GenericApplicationContext context) {
        Optional<DynamoDbRegistrySettings> settings =
                DynamoDbRegistrySettings.fromEnvironment(settings(context.getEnvironment()));
        if (settings.isEmpty()) {
            return;
        }
        DynamoDbRegistrySettings s = settings.get();
        // The client is built once per Lambda instance, on first use, and reused by every invocation.
        context.registerBean(
                "dynamoDbCallRegistryClient", DynamoDbClient.class, s::client, bd -> bd.setDestroyMethodName("close"));
        context.registerBean(
                CallRegistry.class,
                () -> new DynamoDbCallRegistry(
                        context.getBean("dynamoDbCallRegistryClient", DynamoDbClient.class),
                        s.tableName(),
                        s.retention(),
                        context.getBeanProvider(Clock.class).getIfAvailable(Clock::systemUTC)));
        log.info(
                "call registry: DynamoDB table {} (TTL {} days)",
                s.tableName(),
                s.retention().toDays());
    }

    private static Map<String, String> settings(Environment environment) {
        Map<String, String> values = new HashMap<>();
        for (String key : new String[] {
            DynamoDbRegistrySettings.TABLE, DynamoDbRegistrySettings.TTL_DAYS, DynamoDbRegistrySettings.ENDPOINT
        }) {
            String value = environment.getProperty(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }
}
