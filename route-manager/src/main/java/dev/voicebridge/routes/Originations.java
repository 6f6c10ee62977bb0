package dev.voicebridge.routes;

import java.util.List;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.chimesdkvoice.model.NotFoundException;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;

/**
 * Reads and writes one Voice Connector's origination routes through Chime SDK Voice. Only
 * {@link RouteManager} calls it, under the {@link RouteLock}. Blocking; the invocation's thread.
 */
public final class Originations {

    private final ChimeSdkVoiceClient chime;

    public Originations(ChimeSdkVoiceClient chime) {
        this.chime = chime;
    }

    public List<OriginationRoute> routes(String voiceConnectorId) {
        try {
            var origination = chime.getVoiceConnectorOrigination(get -> get.voiceConnectorId(voiceConnectorId))
                    .origination();
            return origination == null ? List.of() : origination.routes();
        } catch (NotFoundException noOriginationYet) {
            // A new connector has no origination settings until the first host joins.
            return List.of();
        }
    }

    /** Replaces the routes; with none left the origination is disabled (Chime needs a route to enable it). */
    public void replace(String voiceConnectorId, List<OriginationRoute> routes) {
        chime.putVoiceConnectorOrigination(put -> put.voiceConnectorId(voiceConnectorId)
                .origination(origination -> origination.routes(routes).disabled(routes.isEmpty())));
    }
}
