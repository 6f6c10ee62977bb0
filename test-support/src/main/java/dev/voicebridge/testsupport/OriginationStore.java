package dev.voicebridge.testsupport;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes WireMock behave like Chime SDK Voice for origination settings: a PUT stores the body per
 * Voice Connector, a GET returns what was stored (404 NotFoundException before any PUT), so a
 * lost update between two writers really loses a route. Counts the PUTs. WireMock's threads. Used by
 * the route manager's tests and the scale-in test.
 */
public final class OriginationStore implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "origination-store";

    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger puts = new AtomicInteger();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var request = serveEvent.getRequest();
        String voiceConnectorId = request.getUrl().split("/")[2];
        if (request.getMethod().equals(RequestMethod.PUT)) {
            // Chime answers a PUT with the stored settings: same shape as the request body.
            bodies.put(voiceConnectorId, request.getBodyAsString());
            puts.incrementAndGet();
        }
        String body = bodies.get(voiceConnectorId);
        ResponseDefinition stub = serveEvent.getResponseDefinition();
        if (body == null) {
            return new ResponseDefinitionBuilder()
                    .withStatus(404)
                    .withHeader("x-amzn-ErrorType", "NotFoundException")
                    .withHeader("Content-Type", "application/json")
                    .withBody(Json.write(Map.of("Message", "no origination for " + voiceConnectorId)))
                    .withFixedDelay(stub.getFixedDelayMilliseconds())
                    .build();
        }
        return new ResponseDefinitionBuilder()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body)
                .withFixedDelay(stub.getFixedDelayMilliseconds())
                .build();
    }

    /** How many origination PUTs it has stored. */
    public int puts() {
        return puts.get();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
