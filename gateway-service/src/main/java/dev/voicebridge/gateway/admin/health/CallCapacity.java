package dev.voicebridge.gateway.admin.health;

import dev.voicebridge.gateway.call.DefaultCallSessions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * How full the gateway is: live calls against GATEWAY_MAX_CALLS. Always UP and deliberately not
 * part of readiness: a full gateway is busy, not broken (README-admin.md, "Readiness at
 * capacity"), and calls past the limit are already refused one by one (SIP 503, WebSocket 1013).
 * Read by health requests on any thread; it holds nothing of its own.
 */
public final class CallCapacity implements HealthIndicator {

    private final DefaultCallSessions sessions;

    public CallCapacity(DefaultCallSessions sessions) {
        this.sessions = sessions;
    }

    /** New calls that would be admitted now: 0 when full or draining (the drain refuses every one). */
    public static int remaining(DefaultCallSessions sessions) {
        return sessions.draining() ? 0 : Math.max(0, sessions.maxCalls() - sessions.liveCount());
    }

    @Override
    public Health health() {
        int remaining = remaining(sessions);
        return Health.up()
                .withDetail("liveCalls", sessions.liveCount())
                .withDetail("maxCalls", sessions.maxCalls())
                .withDetail("remaining", remaining)
                .withDetail("full", !sessions.draining() && remaining == 0)
                .build();
    }
}
