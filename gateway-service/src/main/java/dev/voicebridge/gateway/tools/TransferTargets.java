package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.AssistantProfile;
import dev.voicebridge.gateway.call.CallSetup;
import java.util.regex.Pattern;

/**
 * Which numbers a call may be transferred to, whoever asks (the model's transfer_to_human, an
 * operator or the calls API): E.164 numbers matching the deployer's pattern, by default only the
 * default transfer number, so neither a talked-into model nor a mistyped console dials a premium
 * number. A call's assistant profile may name its own line and targets ({@link #forCall}).
 * Immutable; any thread.
 */
public final class TransferTargets {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final String defaultNumber;
    private final Pattern allowed;

    public TransferTargets(String defaultNumber, String allowedPattern) {
        this.defaultNumber = defaultNumber == null || defaultNumber.isBlank() ? null : defaultNumber.trim();
        this.allowed = allowedPattern != null && !allowedPattern.isBlank()
                ? Pattern.compile(allowedPattern)
                : this.defaultNumber != null ? Pattern.compile(Pattern.quote(this.defaultNumber)) : null;
    }

    /**
     * The targets of one call: its profile's transfer number and allowed numbers when the profile
     * sets either, else these gateway-wide ones.
     */
    public TransferTargets forCall(CallSetup setup) {
        String profileNumber = AssistantProfile.transferNumberOf(setup);
        String profileAllowed = AssistantProfile.transferAllowedOf(setup);
        if (profileNumber == null && profileAllowed == null) {
            return this;
        }
        return new TransferTargets(profileNumber != null ? profileNumber : defaultNumber, profileAllowed);
    }

    /** The number used when none is given, or null. */
    public String defaultNumber() {
        return defaultNumber;
    }

    /** Why {@code number} may not be dialled, or null when it may. */
    public String refusal(String number) {
        if (number == null || !E164.matcher(number).matches()) {
            return "'" + number + "' is not an E.164 number like +15551234567";
        }
        if (allowed == null || !allowed.matcher(number).matches()) {
            return "transfers to " + number + " are not allowed";
        }
        return null;
    }
}
