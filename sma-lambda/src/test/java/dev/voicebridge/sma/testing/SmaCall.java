package dev.voicebridge.sma.testing;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call as the SMA drives it: numbers the events, gives them this call's TransactionId, and hands back the
 * TransactionAttributes the Lambda stored with its last response that set them, as the SMA does.
 */
public final class SmaCall {

    private final SmaLambda lambda;
    private final String transactionId;
    private JsonNode storedAttributes;
    private int sequence;
    private ObjectNode lastEvent;

    public SmaCall(SmaLambda lambda, String name) {
        this.lambda = lambda;
        this.transactionId = UUID.nameUUIDFromBytes(name.getBytes()).toString();
    }

    public String transactionId() {
        return transactionId;
    }

    public JsonNode send(String fixture) {
        return send(fixture, e -> {});
    }

    /** The fixture as the next event of this call, edited, sent through the Lambda; returns the response. */
    public JsonNode send(String fixture, Consumer<ObjectNode> edit) {
        ObjectNode event = Json.fixture(fixture);
        event.put("Sequence", ++sequence);
        ObjectNode details = (ObjectNode) event.get("CallDetails");
        details.put("TransactionId", transactionId);
        if (storedAttributes != null) {
            details.set("TransactionAttributes", storedAttributes.deepCopy());
        } else {
            details.remove("TransactionAttributes");
        }
        edit.accept(event);
        lastEvent = event;
        JsonNode response = lambda.invoke(event);
        if (response.has("TransactionAttributes")) {
            storedAttributes = response.get("TransactionAttributes");
        }
        return response;
    }

    /** The last event again, unchanged, as the SMA sends it when our answer was late. */
    public byte[] resendLastRaw() {
        return lambda.invokeRaw(Json.bytes(lastEvent));
    }

    public byte[] lastEventBytes() {
        return Json.bytes(lastEvent);
    }

    public JsonNode storedAttributes() {
        return storedAttributes;
    }

    public String attribute(String key) {
        return storedAttributes == null || !storedAttributes.has(key)
                ? null
                : storedAttributes.get(key).asString();
    }

    /** Edit helper: sets ActionData.Parameters.Arguments (CALL_UPDATE_REQUESTED, NEW_OUTBOUND_CALL). */
    public static Consumer<ObjectNode> arguments(Map<String, String> args) {
        return event -> {
            ObjectNode parameters = (ObjectNode) event.get("ActionData").get("Parameters");
            ObjectNode node = parameters.putObject("Arguments");
            args.forEach(node::put);
        };
    }
}
