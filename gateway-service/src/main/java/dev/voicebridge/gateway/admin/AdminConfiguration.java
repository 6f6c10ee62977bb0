package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCallSessions;
import dev.voicebridge.gateway.admin.drain.CallDrain;
import dev.voicebridge.gateway.admin.health.AzureReachability;
import dev.voicebridge.gateway.admin.health.DrainState;
import dev.voicebridge.gateway.admin.metrics.CallMetrics;
import dev.voicebridge.gateway.admin.registry.CallRegistryConfiguration;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.realtime.RealtimeConnector;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.gateway.tools.ToolProperties;
import dev.voicebridge.model.call.CallRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Wires the admin side around the gateway's call sessions: the tracked {@link CallSessions} the
 * transports use, the registry, meters, readiness and the drain.
 */
@Configuration(proxyBeanMethods = false)
@Import(CallRegistryConfiguration.class)
public class AdminConfiguration {

    @Bean
    CallMetrics callMetrics(MeterRegistry meters, DefaultCallSessions sessions) {
        return new CallMetrics(meters, sessions);
    }

    @Bean(destroyMethod = "close")
    CallTracker callTracker(CallRegistry registry, CallMetrics metrics, AzureReachability azure, Clock wallClock) {
        return new CallTracker(registry, metrics, azure, wallClock);
    }

    @Bean
    @Primary
    CallSessions trackedCallSessions(DefaultCallSessions sessions, CallTracker tracker) {
        return new TrackedCallSessions(sessions, tracker);
    }

    /** For hanging up calls another instance carries, through their SIP media application. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SmaCallControl.class)
    SmaCallControl adminSmaCallControl(ToolProperties tools) {
        return new SmaCallControl(tools);
    }

    @Bean("azure")
    AzureReachability azureHealthIndicator(RealtimeConnector connector, AdminProperties admin, Clock wallClock) {
        return new AzureReachability(
                () -> connector.properties().configured()
                        ? connector.properties().endpoint()
                        : null,
                admin.azureProbeInterval(),
                admin.azureFailures(),
                admin.azureFailureWindow(),
                wallClock);
    }

    @Bean("drain")
    DrainState drainHealthIndicator(DefaultCallSessions sessions) {
        return new DrainState(sessions);
    }

    @Bean
    CallDrain callDrain(
            DefaultCallSessions sessions,
            CallTracker tracker,
            ApplicationEventPublisher events,
            AdminProperties admin) {
        return new CallDrain(sessions, tracker, events, admin.drainTimeout());
    }
}
