package dev.voicebridge.sma.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of a Chime SDK Voice Connector ({@code vc/...}) or Voice Connector group ({@code vcg/...}),
 * the only targets a CallAndBridge with BridgeEndpointType AWS accepts.
 */
public record VoiceConnectorArn(String arn, String partition, String region, String account, Kind kind, String id) {

    public enum Kind {
        VOICE_CONNECTOR,
        VOICE_CONNECTOR_GROUP
    }

    // arn:aws:chime:us-east-1:123456789012:vc/abcdefghijklmnopqrstuv (the SDK docs' example ids are lower-case
    // alphanumerics; upper case and '-' are tolerated so a hand-written ARN is not refused for that alone)
    private static final Pattern ARN =
            Pattern.compile("^arn:(aws[a-z-]*):chime:([a-z0-9-]*):(\\d{12}):(vc|vcg)/([A-Za-z0-9-]{1,64})$");

    public static Optional<VoiceConnectorArn> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(value.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = m.group(4).equals("vc") ? Kind.VOICE_CONNECTOR : Kind.VOICE_CONNECTOR_GROUP;
        return Optional.of(new VoiceConnectorArn(value.trim(), m.group(1), m.group(2), m.group(3), kind, m.group(5)));
    }

    /** Same resource, even if one ARN was written with a different region segment or letter case. */
    public boolean sameResourceAs(VoiceConnectorArn other) {
        return kind == other.kind
                && account.equals(other.account)
                && id.toLowerCase(Locale.ROOT).equals(other.id.toLowerCase(Locale.ROOT));
    }
}
