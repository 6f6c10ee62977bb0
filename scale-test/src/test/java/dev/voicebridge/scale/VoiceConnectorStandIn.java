package dev.voicebridge.scale;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.Origination;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;

/**
 * The test's Voice Connector: for each new call it reads the connector's origination settings as
 * Chime SDK Voice holds them (GetVoiceConnectorOrigination, here WireMock, written only by the real
 * route manager) and picks the host the INVITE goes to, the way Chime's documentation describes:
 * the lowest priority number first, and among equal priorities by relative weight.
 *
 * <p>Kept simple on purpose: Chime does not publish how it spreads calls by weight, so this uses a
 * smooth weighted round robin (deterministic; equal weights alternate host by host), which makes
 * "the calls land on both hosts" a certainty rather than a probability. It does not fail over to
 * the next route when a host refuses (Chime may on a 503): a call the routes send to a draining
 * host must fail here, so that a route left behind cannot hide. Only the test thread calls it.
 */
final class VoiceConnectorStandIn {

    /** Where one call goes. */
    record Target(String host, int port) {}

    private final ChimeSdkVoiceClient chime;
    private final String voiceConnectorId;
    /** Smooth weighted round robin: each route's current weight, by host:port. */
    private final Map<String, Integer> current = new HashMap<>();

    VoiceConnectorStandIn(ChimeSdkVoiceClient chime, String voiceConnectorId) {
        this.chime = chime;
        this.voiceConnectorId = voiceConnectorId;
    }

    /** The host a new call goes to now; throws when the connector has no enabled route (Chime fails the call). */
    Target route() {
        Origination origination = chime.getVoiceConnectorOrigination(get -> get.voiceConnectorId(voiceConnectorId))
                .origination();
        if (origination == null
                || Boolean.TRUE.equals(origination.disabled())
                || !origination.hasRoutes()
                || origination.routes().isEmpty()) {
            throw new IllegalStateException(
                    "Voice Connector " + voiceConnectorId + " has no enabled origination route");
        }
        int first = origination.routes().stream()
                .map(OriginationRoute::priority)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        List<OriginationRoute> candidates = origination.routes().stream()
                .filter(route -> route.priority() == first)
                .toList();
        Set<String> keys = candidates.stream().map(VoiceConnectorStandIn::key).collect(Collectors.toSet());
        current.keySet().retainAll(keys);
        int total = 0;
        OriginationRoute best = null;
        for (OriginationRoute route : candidates) {
            total += route.weight();
            int weight = current.merge(key(route), route.weight(), Integer::sum);
            if (best == null || weight > current.get(key(best))) {
                best = route;
            }
        }
        current.merge(key(best), -total, Integer::sum);
        return new Target(best.host(), best.port());
    }

    private static String key(OriginationRoute route) {
        return route.host() + ":" + route.port();
    }
}
