package dev.voicebridge.routes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRouteProtocol;

/**
 * The route manager's environment variables (documented in route-manager/README.md), read once at
 * cold start; a missing or malformed one fails the start with its name.
 */
public record RouteManagerSettings(
        List<String> voiceConnectorIds,
        String lockTable,
        int sipPort,
        List<OriginationRouteProtocol> protocols,
        LifecycleActions.Hook launchHook,
        String drainDocument) {

    public static RouteManagerSettings from(Map<String, String> env) {
        return new RouteManagerSettings(
                list(required(env, "ROUTE_VOICE_CONNECTOR_IDS")),
                required(env, "ROUTE_LOCK_TABLE"),
                port(env.getOrDefault("ROUTE_SIP_PORT", "5060")),
                list(env.getOrDefault("ROUTE_PROTOCOLS", "UDP")).stream()
                        .map(RouteManagerSettings::protocol)
                        .toList(),
                new LifecycleActions.Hook(
                        required(env, "ROUTE_AUTO_SCALING_GROUP"), required(env, "ROUTE_LAUNCH_HOOK")),
                env.getOrDefault("ROUTE_DRAIN_DOCUMENT", ""));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value.strip();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the name
        }
        throw new IllegalStateException("ROUTE_SIP_PORT must be a port 1..65535, got " + value);
    }

    private static OriginationRouteProtocol protocol(String value) {
        return switch (value.toUpperCase()) {
            case "UDP" -> OriginationRouteProtocol.UDP;
            case "TCP" -> OriginationRouteProtocol.TCP;
            default -> throw new IllegalStateException("ROUTE_PROTOCOLS takes UDP and/or TCP, got " + value);
        };
    }
}
