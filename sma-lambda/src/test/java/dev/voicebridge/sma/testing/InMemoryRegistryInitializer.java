package dev.voicebridge.sma.testing;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.InMemoryCallRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Adds a {@link CallRegistry} bean the way a registry module (e.g. the DynamoDB one) does: an initializer listed
 * in its jar's {@code META-INF/spring.factories}. Active only for Lambdas started with {@link #ENABLED} set, so
 * the other tests keep the default registry.
 */
public class InMemoryRegistryInitializer implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String ENABLED = "TEST_IN_MEMORY_CALL_REGISTRY";
    public static final InMemoryCallRegistry REGISTRY = new InMemoryCallRegistry();

    @Override
    public void initialize(GenericApplicationContext context) {
        if (context.getEnvironment().getProperty(ENABLED, Boolean.class, false)) {
            context.registerBean(CallRegistry.class, () -> REGISTRY);
        }
    }
}
