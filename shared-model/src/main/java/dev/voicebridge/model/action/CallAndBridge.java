package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Creates a new leg (LEG-B) to a Voice Connector or a phone number and bridges it to the caller
 * (DG/call-and-bridge.html). The leg answers the caller's leg when it connects.
 *
 * @param callTimeoutSeconds 1-120, AWS default 30; the timer starts when the INVITE is sent
 * @param ringbackTone       optional WAV played to the caller while LEG-B rings
 * @param sipHeaders         custom headers for the INVITE; only allowed with AWS endpoints
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallAndBridge(
        @JsonProperty("CallTimeoutSeconds") Integer callTimeoutSeconds,
        @JsonProperty("CallerIdNumber") String callerIdNumber,
        @JsonProperty("RingbackTone") AudioSource ringbackTone,
        @JsonProperty("Endpoints") List<Endpoint> endpoints,
        @JsonProperty("SipHeaders") Map<String, String> sipHeaders)
        implements SmaAction {

    public static final String TYPE = "CallAndBridge";

    public CallAndBridge {
        Check.between("CallAndBridge.CallTimeoutSeconds", callTimeoutSeconds, 1, 120);
        Check.required("CallAndBridge.CallerIdNumber", callerIdNumber);
        Check.e164("CallAndBridge.CallerIdNumber", callerIdNumber);
        Check.required("CallAndBridge.Endpoints", endpoints);
        // AWS documents no maximum (every example bridges to one endpoint), so none is invented here.
        endpoints = Check.listOf("CallAndBridge.Endpoints", endpoints, 1, Integer.MAX_VALUE);
        sipHeaders = SipHeaderRules.check("CallAndBridge.SipHeaders", sipHeaders);
        if (sipHeaders != null && endpoints.stream().anyMatch(e -> e.bridgeEndpointType() != BridgeEndpointType.AWS)) {
            throw new SmaValidationException(
                    "CallAndBridge.SipHeaders",
                    sipHeaders.keySet().toString(),
                    "absent unless the endpoint is of type AWS");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Bridges the call to a Voice Connector (or group) whose origination routes lead to {@code uri}'s host. */
    public static CallAndBridge toVoiceConnector(
            String callerId, String voiceConnectorArn, String uri, Map<String, String> sipHeaders) {
        return new CallAndBridge(
                null,
                callerId,
                null,
                List.of(Endpoint.aws(voiceConnectorArn, uri)),
                sipHeaders == null || sipHeaders.isEmpty() ? null : sipHeaders);
    }

    /** Bridges the call to a phone number (E.164). */
    public static CallAndBridge toPstn(String callerId, String e164) {
        return new CallAndBridge(null, callerId, null, List.of(Endpoint.pstn(e164)), null);
    }

    public CallAndBridge withCallTimeoutSeconds(int seconds) {
        return new CallAndBridge(seconds, callerIdNumber, ringbackTone, endpoints, sipHeaders);
    }

    public CallAndBridge withRingbackTone(AudioSource tone) {
        return new CallAndBridge(callTimeoutSeconds, callerIdNumber, tone, endpoints, sipHeaders);
    }

    /** One bridge target. For AWS, {@code Uri} is the user part of the Request-URI sent to the Voice Connector. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Endpoint(
            @JsonProperty("BridgeEndpointType") BridgeEndpointType bridgeEndpointType,
            @JsonProperty("Arn") String arn,
            @JsonProperty("Uri") String uri) {

        /** The characters DG/call-and-bridge.html allows in an AWS endpoint's Uri. */
        public static final Pattern AWS_URI = Pattern.compile("[a-zA-Z0-9&=+$/%\\-_!~*().]{1,30}");

        public Endpoint {
            Check.required("CallAndBridge.Endpoints.BridgeEndpointType", bridgeEndpointType);
            Check.required("CallAndBridge.Endpoints.Uri", uri);
            if (bridgeEndpointType == BridgeEndpointType.AWS) {
                Check.required("CallAndBridge.Endpoints.Arn", arn);
                Check.lengthBetween("CallAndBridge.Endpoints.Uri", uri, 1, 30);
                Check.matches(
                        "CallAndBridge.Endpoints.Uri",
                        uri,
                        AWS_URI,
                        "1 to 30 characters from a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .");
                Check.matches(
                        "CallAndBridge.Endpoints.Arn",
                        arn,
                        Pattern.compile("arn:aws[a-z-]*:chime:.+"),
                        "the ARN of a Voice Connector or Voice Connector group (arn:aws:chime:...)");
            } else {
                Check.e164("CallAndBridge.Endpoints.Uri", uri);
                if (arn != null) {
                    throw new SmaValidationException("CallAndBridge.Endpoints.Arn", arn, "absent for a PSTN endpoint");
                }
            }
        }

        public static Endpoint aws(String voiceConnectorArn, String uri) {
            return new Endpoint(BridgeEndpointType.AWS, voiceConnectorArn, uri);
        }

        public static Endpoint pstn(String e164) {
            return new Endpoint(BridgeEndpointType.PSTN, null, e164);
        }
    }
}
