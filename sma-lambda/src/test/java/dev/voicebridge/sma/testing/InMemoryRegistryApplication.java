package dev.voicebridge.sma.testing;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.support.GenericApplicationContext;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.InMemoryCallRegistry;
import dev.voicebridge.sma.SmaLambdaApplication;

/** The Lambda with a {@link CallRegistry} bean of its own, as a deployment with a shared registry adds one. */
@SpringBootConfiguration(proxyBeanMethods = false)
public class InMemoryRegistryApplication extends SmaLambdaApplication {

    public static final InMemoryCallRegistry REGISTRY = new InMemoryCallRegistry();

    @Override
    public void initialize(GenericApplicationContext context) {
        context.registerBean(CallRegistry.class, () -> REGISTRY);
        super.initialize(context);
    }
}
