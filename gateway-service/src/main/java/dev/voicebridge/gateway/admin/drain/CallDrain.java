package dev.voicebridge.gateway.admin.drain;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.EndReason;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The graceful stop on SIGTERM (any context close): stop taking calls (SIP answers 503, the
 * WebSocket endpoint refuses, readiness goes DOWN so the load balancer stops sending), let live
 * calls finish for up to GATEWAY_DRAIN_TIMEOUT, then end the rest cleanly (BYE or WebSocket close,
 * Azure session closed, registry updated with DRAINED) and wait for the registry writes.
 *
 * <p>Its phase is the highest, so it stops first, while the web server (health, admin API), the
 * SIP endpoint and the registry client still run. Stopping blocks the shutdown for as long as the
 * drain takes; give the orchestrator's stop timeout some seconds more than GATEWAY_DRAIN_TIMEOUT.
 */
public final class CallDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CallDrain.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final DefaultCallSessions sessions;
    private final CallTracker tracker;
    private final ApplicationEventPublisher events;
    private final Duration timeout;
    private volatile boolean running;

    public CallDrain(
            DefaultCallSessions sessions, CallTracker tracker, ApplicationEventPublisher events, Duration timeout) {
        this.sessions = sessions;
        this.tracker = tracker;
        this.events = events;
        this.timeout = timeout;
    }

    /**
     * Takes calls again after a stop: a context can be stopped and restarted without being closed
     * (Spring's lifecycle restart; the test framework pauses cached contexts this way).
     */
    @Override
    public void start() {
        if (sessions.draining()) {
            sessions.setDraining(false);
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void stop() {
        try {
            drain();
        } finally {
            running = false;
        }
    }

    /** Stops admitting calls now; true once live calls are gone (or were ended at the timeout). */
    public void drain() {
        sessions.setDraining(true);
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int live = sessions.liveCount();
        log.info("drain started: {} live calls may go on for up to {}", live, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sessions.liveCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = sessions.liveCount();
        if (left > 0) {
            log.info("drain timeout: ending {} calls still live", left);
            for (CallSession session : sessions.sessions()) {
                session.hangUp(EndReason.DRAINED);
            }
        }
        boolean flushed = tracker.flush(Duration.ofSeconds(10));
        log.info(
                "drain finished: {} calls ended at the timeout, registry {}",
                left,
                flushed ? "up to date" : "writes still pending after 10 s");
    }
}
