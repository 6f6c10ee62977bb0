package dev.voicebridge.routes;

import dev.voicebridge.routes.Members.Member;
import dev.voicebridge.routes.Members.State;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;

/**
 * The single writer of the gateway Voice Connectors' origination routes: a ready host joins, a
 * terminating host leaves, each a read-modify-write of the whole route list under the
 * {@link RouteLock}. Idempotent: a retried event finds its change already made and writes nothing.
 * Blocking; the Lambda invocation's thread.
 *
 * <p>The connectors are a group filled in order: a host joins the first connector with room for
 * its routes, so scaling out past one connector needs no other change than a second id.
 */
public final class RouteManager {

    private static final Logger log = LoggerFactory.getLogger(RouteManager.class);

    private final List<String> voiceConnectorIds;
    private final OriginationPlan plan;
    private final Originations originations;
    private final RouteLock lock;
    private final Members members;
    private final LifecycleActions actions;
    private final GatewayDrain drain;

    public RouteManager(
            List<String> voiceConnectorIds,
            OriginationPlan plan,
            Originations originations,
            RouteLock lock,
            Members members,
            LifecycleActions actions,
            GatewayDrain drain) {
        if (voiceConnectorIds.isEmpty()) {
            throw new IllegalArgumentException("ROUTE_VOICE_CONNECTOR_IDS names no Voice Connector");
        }
        this.voiceConnectorIds = List.copyOf(voiceConnectorIds);
        this.plan = plan;
        this.originations = originations;
        this.lock = lock;
        this.members = members;
        this.actions = actions;
        this.drain = drain;
    }

    /**
     * A launched host's readiness is up: add its routes, then let the launch go on. When every
     * connector is full the launch is abandoned (the instance is terminated, never serving calls)
     * and the refusal is thrown, so it lands in the dead-letter queue for a person to see.
     */
    public void join(String instanceId, String host, LifecycleActions.Hook hook) {
        try {
            lock.withLock(() -> {
                addRoutes(instanceId, host);
                return null;
            });
        } catch (RouteLimitExceededException full) {
            log.error("{} ({}) cannot join: {}", instanceId, host, full.getMessage());
            actions.complete(hook, instanceId, "ABANDON");
            throw full;
        }
        actions.complete(hook, instanceId, "CONTINUE");
    }

    /**
     * A host is terminating: take its routes out first, then start its drain, then note that it is
     * leaving (last, so a failed drain start is retried with the event rather than skipped).
     */
    public void leave(String instanceId, LifecycleActions.Hook hook) {
        Optional<Member> member = lock.withLock(() -> removeRoutes(instanceId));
        if (member.isEmpty()) {
            // Terminated before it was ever ready: it never had routes, nor calls.
            log.info("{} never joined the routes; nothing to remove or drain", instanceId);
            actions.complete(hook, instanceId, "CONTINUE");
            return;
        }
        Member leaving = member.get();
        if (leaving.state() == State.LEAVING) {
            log.info("{} already left the routes; its drain is under way", instanceId);
            return;
        }
        drain.start(instanceId, hook);
        members.put(new Member(instanceId, leaving.host(), leaving.voiceConnectorId(), State.LEAVING));
    }

    private void addRoutes(String instanceId, String host) {
        String target = null;
        List<OriginationRoute> targetRoutes = List.of();
        for (String id : voiceConnectorIds) {
            List<OriginationRoute> routes = originations.routes(id);
            if (OriginationPlan.holds(routes, host)) {
                List<OriginationRoute> wanted = plan.joined(id, routes, host);
                members.put(new Member(instanceId, host, id, State.JOINING));
                if (!wanted.equals(routes)) {
                    originations.replace(id, wanted);
                }
                members.put(new Member(instanceId, host, id, State.JOINED));
                log.info("{} ({}) is in the routes of {}", instanceId, host, id);
                return;
            }
            if (target == null && plan.fits(routes)) {
                target = id;
                targetRoutes = routes;
            }
        }
        if (target == null) {
            throw new RouteLimitExceededException("all " + voiceConnectorIds.size() + " Voice Connectors "
                    + voiceConnectorIds + " are full: Chime allows " + OriginationPlan.ROUTES_PER_VOICE_CONNECTOR
                    + " origination routes per Voice Connector (" + plan.hostsPerVoiceConnector()
                    + " hosts each); add a Voice Connector to ROUTE_VOICE_CONNECTOR_IDS or lower the group's maximum");
        }
        // Written before the routes, so a crash between the two still lets a terminate event find the host.
        members.put(new Member(instanceId, host, target, State.JOINING));
        originations.replace(target, plan.joined(target, targetRoutes, host));
        members.put(new Member(instanceId, host, target, State.JOINED));
        log.info("{} ({}) joined the routes of {}", instanceId, host, target);
    }

    /** @return the member as it was before, its routes now gone; empty when it never joined */
    private Optional<Member> removeRoutes(String instanceId) {
        Optional<Member> member = members.find(instanceId);
        if (member.isEmpty() || member.get().state() == State.LEAVING) {
            return member;
        }
        Member joined = member.get();
        List<OriginationRoute> routes = originations.routes(joined.voiceConnectorId());
        if (OriginationPlan.holds(routes, joined.host())) {
            originations.replace(joined.voiceConnectorId(), OriginationPlan.left(routes, joined.host()));
        }
        log.info("{} ({}) left the routes of {}", instanceId, joined.host(), joined.voiceConnectorId());
        return member;
    }
}
