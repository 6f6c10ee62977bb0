package dev.voicebridge.gateway.admin.health;

import dev.voicebridge.gateway.call.DefaultCallSessions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: DOWN while the gateway drains (no new calls), with how many are still live.
 * Being full is not draining: that is {@link CallCapacity}'s, outside readiness.
 */
public final class DrainState implements HealthIndicator {

    private final DefaultCallSessions sessions;

    public DrainState(DefaultCallSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Health health() {
        Health.Builder health =
                sessions.draining() ? Health.down().withDetail("reason", "draining: new calls refused") : Health.up();
        return health.withDetail("liveCalls", sessions.liveCount()).build();
    }
}
