package dev.voicebridge.gateway.recording;

import dev.voicebridge.gateway.call.AssistantProfiles;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Call recording: checked at start-up (a profile that records needs somewhere to put its
 * recordings), then every call the sessions open is offered to {@link CallRecordings}; its meters.
 */
@Configuration(proxyBeanMethods = false)
public class RecordingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RecordingConfiguration.class);

    @Bean(destroyMethod = "close")
    CallRecordings callRecordings(
            RecordingProperties properties,
            AssistantProfiles profiles,
            DefaultCallSessions sessions,
            ObjectProvider<RecordingListener> listener,
            MeterRegistry meters) {
        List<String> recorded = profiles.recorded();
        if (!recorded.isEmpty() && !properties.configured()) {
            throw new IllegalStateException(recorded.stream()
                            .map(name -> "'" + name + "'")
                            .collect(Collectors.joining(", ", "GATEWAY_PROFILES_FILE: profile ", ""))
                    + ": field 'recording' is true, but neither GATEWAY_RECORDING_BUCKET nor GATEWAY_RECORDING_DIR"
                    + " is set: set one of them, or turn the profile's recording off");
        }
        CallRecordings recordings = new CallRecordings(
                new RecordingStore(properties), listener.getIfAvailable(() -> RecordingListener.NONE));
        if (!recorded.isEmpty()) {
            log.info(
                    "profiles {} record their calls to {}",
                    recorded,
                    properties.toS3() ? "s3://" + properties.bucket() + "/" + properties.prefix() : properties.dir());
        }
        sessions.tapWith(recordings);
        FunctionCounter.builder("voicebridge.recording.dropped", recordings, CallRecordings::dropped)
                .description("Recorded frames lost because a recording's writer fell behind (written as silence)")
                .register(meters);
        FunctionCounter.builder("voicebridge.recording.failures", recordings, CallRecordings::failures)
                .description("Recordings that could not be written or uploaded (the calls went on)")
                .register(meters);
        return recordings;
    }
}
