package dev.voicebridge.gateway.call;

import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.InMemoryCallRegistry;
import dev.voicebridge.model.call.InMemoryPlacedRequests;
import dev.voicebridge.model.call.PlacedRequests;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Ties a call's SIP leg to the calls API request that placed it, whichever gateway instance took the
 * request: the request's overrides (instructions, voice, greeting) go into the shared {@link
 * PlacedRequests} by SMA TransactionId (the call's id) when the call is placed, and a joining call
 * that the bridge marks as placed through the API (X-VoiceBridge-Profile, which the SMA Lambda sets
 * only on calls it placed) reads them back, over its profile, with the application's metadata from
 * the call's registry record. It owns no state of its own.
 *
 * <p>Threads: {@link #placed} runs on the calls API's bounded-elastic threads. {@link #join} runs
 * where a transport opens its call: the shared store and the registry may block on DynamoDB (the
 * store's read within its 2 s call timeout; the registry's one GetItem is skipped when the store
 * could not be read), so they are read only for SIP calls of the calls API, which open on a
 * JAIN-SIP worker thread, never on an event loop or the media clock; inbound calls read nothing. A media stream opens on its
 * WebSocket event loop and reads nothing: calls placed through the API reach the gateway over SIP.
 * When the store cannot be read the call goes on with its profile's settings, with one WARN: an
 * answered call is never refused for it.
 */
@Component
public final class PlacedCalls {

    static final String DIRECTION = "voicebridge.direction";
    /** The application's metadata (compact JSON object text) of a call placed with one. */
    static final String METADATA = "voicebridge.metadata";

    private static final Logger log = LoggerFactory.getLogger(PlacedCalls.class);

    private final AssistantProfiles profiles;
    private final PlacedRequests requests;
    private final CallRegistry registry;

    @Autowired
    public PlacedCalls(AssistantProfiles profiles, PlacedRequests requests, CallRegistry registry) {
        this.profiles = profiles;
        this.requests = requests;
        this.registry = registry;
    }

    /** In memory, without named profiles (tests). */
    public PlacedCalls(Clock clock) {
        this(new AssistantProfiles(Map.of()), new InMemoryPlacedRequests(clock), new InMemoryCallRegistry());
    }

    /**
     * Shares the overrides of a call just placed, whose SMA TransactionId is {@code callId}, for
     * {@link PlacedRequests#PROMPT_TTL}. False when the store could not take them (logged): the call
     * is ringing already, and its SIP leg will have its profile's settings.
     */
    public boolean placed(String callId, CallOverrides overrides) {
        try {
            requests.putPrompt(
                    callId,
                    new PlacedRequests.Prompt(overrides.instructions(), overrides.voice(), overrides.greeting()));
            return true;
        } catch (PlacedRequests.Unavailable e) {
            log.warn(
                    "the call's instructions, voice and greeting could not be stored for its SIP leg ({}): "
                            + "it will have its profile's",
                    e.getMessage());
            return false;
        }
    }

    /**
     * {@code setup} with its profile's settings and, for a call placed through the calls API, its
     * request's over them and the request's metadata. The profile is the one the bridge names
     * (X-VoiceBridge-Profile, outbound calls), else the one whose numbers list the number the caller
     * dialled (X-VoiceBridge-Called-Number from the SMA Lambda, else the called party a direct trunk
     * or media stream gives), else {@code default}. An unknown profile name (a file that differs
     * between instances) falls back to the default rather than refusing a call someone has already
     * answered. Settings keys a transport brought are always replaced, so no caller sets their own.
     */
    public CallSetup join(CallSetup setup) {
        Map<String, String> a = setup.attributes();
        String named = a.get(BridgeHeaders.PROFILE);
        boolean outbound = named != null;
        if (named == null) {
            String dialled = a.getOrDefault(BridgeHeaders.CALLED_NUMBER, setup.to());
            named = profiles.forNumber(dialled).orElse(AssistantProfiles.DEFAULT);
        }
        AssistantProfile profile = profiles.profile(named)
                .orElseGet(() -> profiles.profile(AssistantProfiles.DEFAULT).orElseThrow());
        String id = setup.smaTransactionId();
        CallOverrides placedWith = CallOverrides.NONE;
        String metadata = null;
        if (outbound && id != null && setup.transport() == CallSetup.Transport.SIP) {
            try {
                placedWith = requests.prompt(id)
                        .map(p -> new CallOverrides(p.instructions(), p.voice(), p.greeting()))
                        .orElse(CallOverrides.NONE);
                metadata = metadata(id);
            } catch (PlacedRequests.Unavailable e) {
                log.warn(
                        "the calls API request of this call could not be read ({}): it goes on with profile {}'s"
                                + " settings, without the request's instructions, voice and greeting",
                        e.getMessage(),
                        named);
            }
        }
        CallSetup joined = placedWith.over(profile.prompt()).applyTo(profile.applyTo(setup));
        Map<String, String> attributes = new HashMap<>(joined.attributes());
        attributes.remove(METADATA); // only ever what the application sent, never a transport's
        if (metadata != null) {
            attributes.put(METADATA, metadata);
        }
        if (outbound) {
            attributes.put(DIRECTION, "outbound");
        } else {
            attributes.remove(DIRECTION); // inbound: whatever a transport said, it is not outbound
        }
        return new CallSetup(
                joined.callId(), joined.transport(), joined.smaTransactionId(), joined.from(), joined.to(), attributes);
    }

    /** The call record's metadata; a registry that cannot answer costs the events their metadata only. */
    private String metadata(String callId) {
        try {
            return registry.find(callId).map(CallStatus::metadata).orElse(null);
        } catch (RuntimeException e) {
            log.warn("the call's metadata could not be read from the call registry: {}", e.toString());
            return null;
        }
    }

    /** The application's metadata of a call placed with one (JSON object text), else null. */
    public static String metadata(CallSetup setup) {
        return setup.attributes().get(METADATA);
    }

    /**
     * "outbound" for a call placed through the calls API: bridged with the profile header, which the
     * SMA Lambda sets only on calls it placed (the calls API always names one). Absent on inbound calls. Like the
     * overrides' keys, no transport can set it.
     */
    public static String direction(CallSetup setup) {
        return setup.attributes().getOrDefault(DIRECTION, "inbound");
    }

    /** The whole profile a joined call was given ({@link #join}); the default one if none. */
    public AssistantProfile profileOf(CallSetup setup) {
        return profiles.profile(AssistantProfile.nameOf(setup))
                .orElseGet(() -> profiles.profile(AssistantProfiles.DEFAULT).orElseThrow());
    }
}
