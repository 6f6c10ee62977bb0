package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.rtp.RtpProperties;
import dev.voicebridge.gateway.sip.tls.SipTlsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the SIP endpoint with the application: it starts after the call sessions exist and stops
 * before them, so the BYEs of a shutdown still reach sessions that can clean up.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SipProperties.class, SipTlsProperties.class, RtpProperties.class})
@ConditionalOnProperty(prefix = "voicebridge.sip", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SipConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SipConfiguration.class);

    @Bean
    SipEndpointLifecycle sipEndpoint(
            SipProperties sip,
            SipTlsProperties tls,
            ObjectProvider<Clock> clock,
            RtpProperties rtp,
            ObjectProvider<CallSessions> sessions,
            ObjectProvider<MeterRegistry> meters) {
        // Without a Clock bean (slim test contexts) the endpoint still runs, but refuses to start TLS.
        return new SipEndpointLifecycle(sip, tls, clock.getIfAvailable(), rtp, sessions, meters);
    }

    /** Starts late and stops early relative to the rest of the gateway. */
    public static final class SipEndpointLifecycle implements SmartLifecycle {

        private final SipProperties sip;
        private final SipTlsProperties tls;
        private final Clock clock;
        private final RtpProperties rtp;
        private final ObjectProvider<CallSessions> sessions;
        private final ObjectProvider<MeterRegistry> meters;
        private SipServer server;
        private boolean metersBound;

        SipEndpointLifecycle(
                SipProperties sip,
                SipTlsProperties tls,
                Clock clock,
                RtpProperties rtp,
                ObjectProvider<CallSessions> sessions,
                ObjectProvider<MeterRegistry> meters) {
            this.sip = sip;
            this.tls = tls;
            this.clock = clock;
            this.rtp = rtp;
            this.sessions = sessions;
            this.meters = meters;
        }

        @Override
        public synchronized void start() {
            CallSessions callSessions = sessions.getIfAvailable();
            if (callSessions == null) {
                log.error("SIP endpoint not started: no CallSessions bean in the application");
                return;
            }
            server = new SipServer(sip, tls, clock, rtp, callSessions);
            server.start();
            MeterRegistry registry = meters.getIfAvailable();
            if (registry != null && !metersBound) {
                SipMetrics.bind(registry, server);
                metersBound = true;
            }
        }

        @Override
        public synchronized void stop() {
            if (server != null) {
                server.stop();
                server = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return server != null;
        }

        /** After web servers and sessions start (phase 0 and below), before they stop. */
        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 1000;
        }

        public synchronized SipServer server() {
            return server;
        }
    }
}
