package dev.voicebridge.routes;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRouteProtocol;

/**
 * What one gateway host's origination routes are, and the route list of a Voice Connector after a
 * host joins or leaves it. Pure: no I/O, no state; safe from any thread.
 *
 * <p>Every host gets the same priority and weight per protocol, so Chime spreads calls evenly
 * across the group's hosts (equal priority: distributed by relative weight) and tries UDP before
 * TCP on each (lower priority number first). The hosts of one Auto Scaling group share an
 * instance type, so equal weights are equal shares of capacity.
 */
public final class OriginationPlan {

    /** Chime SDK Voice: "Limit: Ten origination routes for each Voice Connector." */
    public static final int ROUTES_PER_VOICE_CONNECTOR = 10;

    static final int WEIGHT = 10;

    private final int port;
    private final List<OriginationRouteProtocol> protocols;

    /** @param protocols in order of preference; each gets its own route, priority 1, 2, ... */
    public OriginationPlan(int port, List<OriginationRouteProtocol> protocols) {
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("ROUTE_PROTOCOLS must name UDP and/or TCP");
        }
        this.port = port;
        this.protocols = List.copyOf(protocols);
    }

    /** How many hosts fit on one Voice Connector: 10 with UDP only, 5 with UDP and TCP. */
    public int hostsPerVoiceConnector() {
        return ROUTES_PER_VOICE_CONNECTOR / protocols.size();
    }

    List<OriginationRoute> routesOf(String host) {
        List<OriginationRoute> routes = new ArrayList<>();
        for (int i = 0; i < protocols.size(); i++) {
            routes.add(OriginationRoute.builder()
                    .host(host)
                    .port(port)
                    .protocol(protocols.get(i))
                    .priority(i + 1)
                    .weight(WEIGHT)
                    .build());
        }
        return routes;
    }

    static boolean holds(List<OriginationRoute> routes, String host) {
        return routes.stream().anyMatch(route -> host.equals(route.host()));
    }

    /** Whether {@code host}'s routes fit next to {@code current} within Chime's limit. */
    boolean fits(List<OriginationRoute> current) {
        return current.size() + protocols.size() <= ROUTES_PER_VOICE_CONNECTOR;
    }

    /**
     * {@code current} with {@code host}'s routes added (any old routes of that host replaced, so a
     * changed port or protocol setting converges). Refuses rather than letting Chime refuse.
     */
    List<OriginationRoute> joined(String voiceConnectorId, List<OriginationRoute> current, String host) {
        List<OriginationRoute> others = left(current, host);
        if (!fits(others)) {
            throw new RouteLimitExceededException("Voice Connector " + voiceConnectorId + " has " + others.size()
                    + " origination routes; Chime allows " + ROUTES_PER_VOICE_CONNECTOR
                    + " per Voice Connector and host " + host + " needs " + protocols.size());
        }
        List<OriginationRoute> routes = new ArrayList<>(others);
        routes.addAll(routesOf(host));
        return routes;
    }

    static List<OriginationRoute> left(List<OriginationRoute> current, String host) {
        return current.stream().filter(route -> !host.equals(route.host())).toList();
    }
}
