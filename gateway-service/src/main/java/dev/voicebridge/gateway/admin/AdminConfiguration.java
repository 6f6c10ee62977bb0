package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.admin.calls.TrackedCall;
import dev.voicebridge.gateway.admin.calls.TranscriptWriter;
import dev.voicebridge.gateway.admin.drain.CallDrain;
import dev.voicebridge.gateway.admin.health.AzureReachability;
import dev.voicebridge.gateway.admin.health.CallCapacity;
import dev.voicebridge.gateway.admin.health.DrainState;
import dev.voicebridge.gateway.admin.metrics.CallMetrics;
import dev.voicebridge.gateway.admin.registry.CallRegistryConfiguration;
import dev.voicebridge.gateway.call.CallObserver;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.events.CallEvents;
import dev.voicebridge.gateway.events.CallEventsObserver;
import dev.voicebridge.gateway.operator.LiveCalls;
import dev.voicebridge.gateway.operator.OperatorActionListener;
import dev.voicebridge.gateway.realtime.RealtimeConnector;
import dev.voicebridge.gateway.recording.RecordingListener;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.gateway.tools.ToolProperties;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.TranscriptStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Wires the admin side around the gateway's call sessions: the call tracker (their observer), the
 * registry, meters, readiness and the drain. The transports use the call sessions themselves.
 */
@Configuration(proxyBeanMethods = false)
@Import(CallRegistryConfiguration.class)
public class AdminConfiguration {

    @Bean
    CallMetrics callMetrics(MeterRegistry meters, DefaultCallSessions sessions) {
        return new CallMetrics(meters, sessions);
    }

    /**
     * Follows every call through the call sessions' lifecycle events, not by wrapping their legs;
     * the call events hear the same events right after it.
     */
    @Bean(destroyMethod = "close")
    CallTracker callTracker(
            DefaultCallSessions sessions,
            CallRegistry registry,
            CallMetrics metrics,
            AzureReachability azure,
            CallEventsObserver events,
            Clock wallClock,
            TranscriptWriter transcripts) {
        CallTracker tracker = new CallTracker(registry, metrics, azure, wallClock, transcripts);
        sessions.observe(CallObserver.both(tracker, events));
        return tracker;
    }

    /** Operator actions become {@code operator.action} call events: {action, by, detail}. */
    @Bean
    OperatorActionListener operatorActions(CallEvents events) {
        return (callId, action, by, detail) -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("action", action);
            data.put("by", by);
            data.put("detail", detail);
            events.publish(callId, "operator.action", data);
        };
    }

    /**
     * A stored recording goes on its call's record (after the call's own writes) and becomes a
     * {@code call.recorded} event: {location, durationMs}.
     */
    @Bean
    RecordingListener recordingListener(CallTracker tracker, CallEvents events) {
        return (callId, location, durationMs) -> {
            tracker.recorded(callId, location);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("location", location);
            data.put("durationMs", durationMs);
            events.publish(callId, "call.recorded", data);
        };
    }

    /** The live calls of this gateway, for the operator console. */
    @Bean
    LiveCalls liveCalls(CallTracker tracker) {
        return id -> tracker.find(id)
                .filter(call -> !call.ended() && call.session() != null)
                .map(TrackedCall::session);
    }

    /** Stores every call's transcript turn by turn, off the media and Realtime threads. */
    @Bean(destroyMethod = "close")
    TranscriptWriter transcriptWriter(TranscriptStore store, MeterRegistry meters) {
        TranscriptWriter writer = new TranscriptWriter(store);
        FunctionCounter.builder("voicebridge.transcript.failures", writer, TranscriptWriter::failures)
                .description("Transcript turns the store refused or could not be reached for (the call went on)")
                .register(meters);
        FunctionCounter.builder("voicebridge.transcript.dropped", writer, TranscriptWriter::dropped)
                .description("Transcript turns not stored: too many writes of their call were waiting")
                .register(meters);
        return writer;
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

    /** Not in the readiness group (application.yml): a full gateway stays ready. */
    @Bean("capacity")
    CallCapacity capacityHealthIndicator(DefaultCallSessions sessions) {
        return new CallCapacity(sessions);
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
