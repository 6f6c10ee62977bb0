package dev.voicebridge.sma;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.sma.config.CallMode;
import dev.voicebridge.sma.config.ConfigurationValidator;
import dev.voicebridge.sma.config.SmaLambdaProperties;
import dev.voicebridge.sma.flow.CallController;
import dev.voicebridge.sma.function.SmaEventFunction;
import dev.voicebridge.sma.function.TolerantJsonMapper;
import dev.voicebridge.sma.meeting.ChimeMeetingService;
import dev.voicebridge.sma.meeting.MeetingService;
import dev.voicebridge.sma.registry.CallStatusRecorder;
import dev.voicebridge.sma.registry.LoggingCallRegistry;
import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.cloud.function.json.JsonMapper;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;

/**
 * The SMA Lambda's Spring application, registered functionally (no component scan, no auto-configuration):
 * Spring Cloud Function's FunctionInvoker starts it through FunctionalSpringApplication, which keeps the
 * cold start short.
 *
 * <p>Replaceable beans: register a {@link CallRegistry} (e.g. the DynamoDB one) or a {@link MeetingService}
 * from another {@code ApplicationContextInitializer} (listed in {@code META-INF/spring.factories}) and it is
 * used instead of the default.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
public class SmaLambdaApplication implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String FUNCTION_NAME = "smaEventFunction";
    public static final String PROPERTIES_PREFIX = "voicebridge.sma";
    private static final String TOLERANT_JSON_MAPPER = "tolerantJsonMapper";

    @Override
    public void initialize(GenericApplicationContext context) {
        // The one wall clock: call status times and registry expiry read it.
        context.registerBean(Clock.class, Clock::systemUTC);
        context.registerBean(SmaLambdaProperties.class, () -> {
            SmaLambdaProperties properties = Binder.get(context.getEnvironment())
                    .bindOrCreate(PROPERTIES_PREFIX, Bindable.of(SmaLambdaProperties.class));
            // Refuse to start (Lambda INIT fails with this message) rather than loop or fail calls later.
            ConfigurationValidator.requireValid(properties);
            return properties;
        });
        context.registerBean(
                TOLERANT_JSON_MAPPER,
                JsonMapper.class,
                () -> new TolerantJsonMapper(
                        tools.jackson.databind.json.JsonMapper.builder().build()),
                definition -> definition.setPrimary(true));
        // Spring Cloud Function registers its own mapper (with Joda-Time support) and ObjectMapper as well; ours is
        // the primary one, so theirs are made lazy and, never asked for, never built: less work at cold start.
        context.addBeanFactoryPostProcessor(beanFactory -> {
            for (Class<?> type : new Class<?>[] {JsonMapper.class, tools.jackson.databind.ObjectMapper.class}) {
                for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
                    if (!name.equals(TOLERANT_JSON_MAPPER)) {
                        beanFactory.getBeanDefinition(name).setLazyInit(true);
                    }
                }
            }
        });
        context.registerBean(FUNCTION_NAME, FunctionRegistration.class, () -> {
            SmaLambdaProperties properties = context.getBean(SmaLambdaProperties.class);
            CallRegistry registry =
                    context.getBeanProvider(CallRegistry.class).getIfAvailable(LoggingCallRegistry::new);
            MeetingService meetings = context.getBeanProvider(MeetingService.class)
                    .getIfAvailable(() -> properties.callMode() == CallMode.MEETING
                            ? new ChimeMeetingService(properties).prepared()
                            : new ChimeMeetingService(properties));
            SmaEventFunction function = new SmaEventFunction(
                    properties,
                    new CallController(properties, meetings),
                    new CallStatusRecorder(registry, context.getBean(Clock.class)));
            function.prime();
            var messageOfBytes = ResolvableType.forClassWithGenerics(Message.class, byte[].class)
                    .getType();
            return new FunctionRegistration<>(function, FUNCTION_NAME)
                    .type(FunctionTypeUtils.functionType(messageOfBytes, messageOfBytes));
        });
    }
}
