package dev.voicebridge.gateway.outbound;

import dev.voicebridge.gateway.call.AssistantProfiles;
import dev.voicebridge.gateway.call.CallOverrides;
import dev.voicebridge.gateway.call.DefaultCallSessions;
import dev.voicebridge.gateway.call.PlacedCalls;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.PlacedRequests;
import dev.voicebridge.model.call.StateChange;
import dev.voicebridge.model.event.Direction;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Places an outbound AI call: checks the destination against the allowed prefixes and the gateway's
 * capacity before anything reaches AWS, claims its Idempotency-Key in the store every instance shares
 * ({@link IdempotencyKeys}), asks the SIP media application to dial (CreateSipMediaApplicationCall),
 * records the call in the registry under its SMA TransactionId (the id the SMA Lambda and the
 * gateway's SIP leg use too, so all three write one record, with the request's metadata) and shares
 * its overrides with the SIP leg, whichever instance that reaches ({@link PlacedCalls}). Owns no
 * state. Blocking (AWS and DynamoDB): called on bounded-elastic threads.
 */
@Component
public class CallPlacer {

    /**
     * ArgumentsMap key of this request's own id, which both sides log; the profile goes under
     * {@link BridgeHeaders#PROFILE_ARGUMENT}. The ArgumentsMap holds at most 20 entries.
     */
    static final String ARG_REQUEST_ID = "vbRequestId";

    private static final Logger log = LoggerFactory.getLogger(CallPlacer.class);

    private final OutboundProperties properties;
    private final SmaCallControl sma;
    private final CallRegistry registry;
    private final DefaultCallSessions sessions;
    private final PlacedCalls placed;
    private final AssistantProfiles profiles;
    private final IdempotencyKeys keys;
    private final Clock clock;

    public CallPlacer(
            OutboundProperties properties,
            SmaCallControl sma,
            CallRegistry registry,
            DefaultCallSessions sessions,
            PlacedCalls placed,
            AssistantProfiles profiles,
            PlacedRequests requests,
            Clock clock) {
        this.profiles = profiles;
        this.properties = properties;
        this.sma = sma;
        this.registry = registry;
        this.sessions = sessions;
        this.placed = placed;
        this.clock = clock;
        this.keys = new IdempotencyKeys(requests, properties.idempotencyTtl());
    }

    /** The call placed: its id (the SMA TransactionId) and state. */
    public record Placed(String id, String state) {}

    /**
     * Places the call, or with an {@code idempotencyKey} seen before answers the call that key placed.
     *
     * @throws PlaceCallRefused naming the field or setting that stopped it
     */
    public Placed place(PlaceCallRequest request, String idempotencyKey) {
        profiles.find(request.profile())
                .orElseThrow(() -> new PlaceCallRefused(
                        400,
                        "profile '" + request.profile() + "' is not defined; the profiles are " + profiles.names()));
        if (!properties.allows(request.to())) {
            throw new PlaceCallRefused(
                    403,
                    "to: " + request.to() + " is outside GATEWAY_OUTBOUND_ALLOWED_PREFIXES "
                            + properties.allowedPrefixes());
        }
        if (idempotencyKey == null) {
            return dial(request);
        }
        return keys.once(idempotencyKey, request, () -> dial(request));
    }

    private Placed dial(PlaceCallRequest request) {
        if (properties.smaId() == null) {
            throw new PlaceCallRefused(503, "GATEWAY_SMA_ID is not set: this gateway places no calls");
        }
        if (!sessions.accepting()) {
            // The answered call would be refused at the SIP door; better not to ring anyone.
            throw new PlaceCallRefused(
                    503,
                    "the gateway is at capacity (" + sessions.liveCount() + " of GATEWAY_MAX_CALLS="
                            + sessions.maxCalls() + ") or draining",
                    5);
        }
        String requestId = UUID.randomUUID().toString();
        Map<String, String> arguments = new LinkedHashMap<>();
        arguments.put(ARG_REQUEST_ID, requestId);
        // Always named: the Lambda bridges it as X-VoiceBridge-Profile, which tells the SIP leg (on
        // any instance) that this call was placed here and has a request to look up.
        arguments.put(
                BridgeHeaders.PROFILE_ARGUMENT,
                request.profile() == null ? AssistantProfiles.DEFAULT : request.profile());
        String transactionId;
        try {
            transactionId = sma.place(properties.smaId(), request.from(), request.to(), arguments);
        } catch (AwsServiceException e) {
            throw refusal(e, requestId);
        } catch (SdkClientException e) {
            log.warn("placing call {} failed: Chime SDK Voice unreachable: {}", requestId, e.getMessage());
            throw new PlaceCallRefused(503, "Chime SDK Voice could not be reached; try again", 5);
        }
        Instant at = clock.instant();
        try (var mdc = CallLogContext.open(transactionId)) {
            // The request's own overrides: the SIP leg takes the profile the bridge names, these over it.
            placed.placed(
                    transactionId, new CallOverrides(request.instructions(), request.voice(), request.greeting()));
            CallStatus status = record(transactionId, request, at);
            log.info(
                    "placed outbound call (request {}, profile {}, to {}...)",
                    requestId,
                    request.profile() == null ? "default" : request.profile(),
                    request.to().substring(0, Math.min(5, request.to().length())));
            return new Placed(
                    transactionId,
                    status == null ? CallState.RINGING.name() : status.state().name());
        }
    }

    /** The SMA Lambda may have written the call first (NEW_OUTBOUND_CALL); either way one record. */
    private CallStatus record(String transactionId, PlaceCallRequest request, Instant at) {
        try {
            return registry.update(
                    transactionId,
                    status -> request.metadata() == null || request.metadata().equals(status.metadata())
                            ? status
                            : status.withMetadata(request.metadata(), at),
                    () -> new CallStatus(
                            transactionId,
                            transactionId,
                            properties.smaId(),
                            request.from(),
                            request.to(),
                            Direction.OUTBOUND,
                            CallState.RINGING,
                            List.of(new StateChange(CallState.RINGING, at, "placed through the calls API")),
                            null,
                            List.of(),
                            request.metadata(),
                            null,
                            at,
                            at,
                            1));
        } catch (RuntimeException e) {
            // The call is ringing already; the Lambda's own writes will create the record.
            log.warn("call registry write failed; the call goes on: {}", e.toString());
            return null;
        }
    }

    private static PlaceCallRefused refusal(AwsServiceException e, String requestId) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        log.warn("Chime SDK Voice refused call {}: {} ({})", requestId, code, e.statusCode());
        if (e.isThrottlingException() || e.statusCode() == 429 || "ThrottledClientException".equals(code)) {
            return new PlaceCallRefused(503, "Chime SDK Voice is throttling calls; retry later", 2);
        }
        if (e.statusCode() >= 500) {
            return new PlaceCallRefused(503, "Chime SDK Voice is unavailable (" + code + "); retry later", 5);
        }
        if ("ResourceLimitExceededException".equals(code)) {
            return new PlaceCallRefused(503, "the SIP media application's call limit is reached; retry later", 10);
        }
        // BadRequest/Forbidden/NotFound: the from number or the SMA is not usable; the caller must change something.
        return new PlaceCallRefused(
                502,
                "Chime SDK Voice refused the call (" + code + "): check 'from' is a number of this account's"
                        + " inventory and GATEWAY_SMA_ID");
    }
}
