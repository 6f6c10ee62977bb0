package dev.voicebridge.gateway.call;

import dev.voicebridge.model.BridgeHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The overrides of the calls this gateway placed through the calls API, by SMA TransactionId (the
 * call's id), until the call reaches the gateway over SIP or they expire; a joining call gets them
 * over those of the profile its bridge names (X-VoiceBridge-Profile), which every instance has. It
 * owns only that map: written by the API's request threads, read by the threads that open calls. Entries live
 * {@link #TTL}, longer than any ring-and-answer, compared with the application's {@link Clock}.
 */
@Component
public final class PlacedCalls {

    /** Longer than the SMA's ringing timeout plus the bridge; an older entry is a call that never came. */
    static final Duration TTL = Duration.ofMinutes(10);

    static final String DIRECTION = "voicebridge.direction";

    private record Entry(CallOverrides overrides, Instant expires) {}

    private final Clock clock;
    private final AssistantProfiles profiles;
    private final Map<String, Entry> byTransaction = new ConcurrentHashMap<>();

    @Autowired
    public PlacedCalls(Clock clock, AssistantProfiles profiles) {
        this.clock = clock;
        this.profiles = profiles;
    }

    /** Without named profiles (tests). */
    public PlacedCalls(Clock clock) {
        this(clock, new AssistantProfiles(Map.of()));
    }

    /** Remembers the overrides of a call just placed, whose SMA TransactionId is {@code callId}. */
    public void placed(String callId, CallOverrides overrides) {
        Instant now = clock.instant();
        byTransaction.values().removeIf(e -> e.expires().isBefore(now));
        if (!overrides.isEmpty()) {
            byTransaction.put(callId, new Entry(overrides, now.plus(TTL)));
        }
    }

    /**
     * {@code setup} with its profile's settings and, for a call placed here, its request's over them.
     * The profile is the one the bridge names (X-VoiceBridge-Profile, outbound calls), else the one
     * whose numbers list the number the caller dialled (X-VoiceBridge-Called-Number from the SMA
     * Lambda, else the called party a direct trunk or media stream gives), else {@code default}. An
     * unknown profile name (a file that differs between instances) falls back to the default rather
     * than refusing a call someone has already answered. Settings keys a transport brought are
     * always replaced, so no caller sets their own.
     */
    public CallSetup join(CallSetup setup) {
        Map<String, String> a = setup.attributes();
        String named = a.get(BridgeHeaders.PROFILE);
        if (named == null) {
            String dialled = a.getOrDefault(BridgeHeaders.CALLED_NUMBER, setup.to());
            named = profiles.forNumber(dialled).orElse(AssistantProfiles.DEFAULT);
        }
        AssistantProfile profile = profiles.profile(named)
                .orElseGet(() -> profiles.profile(AssistantProfiles.DEFAULT).orElseThrow());
        String id = setup.smaTransactionId();
        Entry entry = id == null ? null : byTransaction.get(id);
        CallOverrides placedWith =
                entry == null || entry.expires().isBefore(clock.instant()) ? CallOverrides.NONE : entry.overrides();
        CallSetup joined = placedWith.over(profile.prompt()).applyTo(profile.applyTo(setup));
        Map<String, String> attributes = new HashMap<>(joined.attributes());
        if (entry == null && !setup.attributes().containsKey(BridgeHeaders.PROFILE)) {
            attributes.remove(DIRECTION); // inbound: whatever a transport said, it is not outbound
        } else {
            attributes.put(DIRECTION, "outbound");
        }
        return new CallSetup(
                joined.callId(), joined.transport(), joined.smaTransactionId(), joined.from(), joined.to(), attributes);
    }

    /**
     * "outbound" for a call placed through the calls API: placed here, or bridged with the profile
     * header, which the SMA Lambda sets only on calls it placed. Absent on inbound calls. Like the
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
