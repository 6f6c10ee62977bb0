package dev.voicebridge.infra.network;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that knows which addresses an Amazon Chime SDK Voice Connector sends SIP and RTP
 * from. Security groups, the gateway's own SIP/RTP allowlist and the tests all read this table.
 *
 * <p>Sources (both published by AWS; re-check them when a deployment goes to a new Region):
 * <ul>
 *   <li>Amazon Chime SDK Administrator Guide, "Network configuration and bandwidth requirements",
 *       section "Amazon Chime SDK Voice Connector" (signalling UDP/5060, TCP/5060, TCP/5061;
 *       media UDP/5000:65000 and UDP/1024:65535): us-east-1 and us-west-2, the two Regions the
 *       table covers. https://docs.aws.amazon.com/chime-sdk/latest/ag/network-config.html</li>
 *   <li>The AWS IP address ranges file (https://ip-ranges.amazonaws.com/ip-ranges.json), service
 *       {@code CHIME_VOICECONNECTOR}: one /24 per Region, including Regions the guide's table does
 *       not list yet.</li>
 * </ul>
 * A Region with no entry fails synthesis with a message that names this class, instead of
 * silently opening the gateway to the internet.
 */
public final class ChimeVoiceConnectorRanges {

    /** What a range carries; signalling ranges also send RTP in the guide's table. */
    public enum Purpose {
        SIGNALLING_AND_MEDIA,
        MEDIA
    }

    /** One published range with the source ports the guide lists for its media. */
    public record Range(String cidr, Purpose purpose, int mediaPortMin, int mediaPortMax, String source) {
        public boolean carriesSignalling() {
            return purpose == Purpose.SIGNALLING_AND_MEDIA;
        }
    }

    private static final String GUIDE = "Chime SDK admin guide, network-config, Voice Connector";
    private static final String IP_RANGES = "ip-ranges.json CHIME_VOICECONNECTOR";

    private static final Map<String, List<Range>> BY_REGION = Map.of(
            "us-east-1",
                    List.of(
                            new Range("3.80.16.0/23", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, GUIDE),
                            new Range("99.77.254.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES),
                            new Range("52.55.62.128/25", Purpose.MEDIA, 1024, 65535, GUIDE),
                            new Range("52.55.63.0/25", Purpose.MEDIA, 1024, 65535, GUIDE),
                            new Range("34.212.95.128/25", Purpose.MEDIA, 1024, 65535, GUIDE),
                            new Range("34.223.21.0/25", Purpose.MEDIA, 1024, 65535, GUIDE)),
            "us-west-2",
                    List.of(
                            new Range("99.77.253.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, GUIDE),
                            new Range("99.77.232.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "ca-central-1", List.of(new Range("99.77.233.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "eu-central-1", List.of(new Range("99.77.247.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "eu-west-2", List.of(new Range("99.77.249.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "ap-southeast-1",
                    List.of(new Range("99.77.240.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "ap-southeast-2",
                    List.of(new Range("99.77.239.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "ap-northeast-1",
                    List.of(new Range("99.77.244.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)),
            "ap-northeast-2",
                    List.of(new Range("99.77.242.0/24", Purpose.SIGNALLING_AND_MEDIA, 5000, 65000, IP_RANGES)));

    /** The Regions where PSTN audio (SIP media applications) runs and this table has ranges. */
    public static Set<String> regions() {
        return BY_REGION.keySet();
    }

    public static List<Range> forRegion(String region) {
        List<Range> ranges = BY_REGION.get(region);
        if (ranges == null) {
            throw new IllegalArgumentException("No published Chime Voice Connector address ranges for Region '"
                    + region + "' in ChimeVoiceConnectorRanges; known Regions: " + BY_REGION.keySet()
                    + ". Add the Region's CHIME_VOICECONNECTOR ranges there before deploying.");
        }
        return ranges;
    }

    public static List<Range> signalling(String region) {
        return forRegion(region).stream().filter(Range::carriesSignalling).toList();
    }

    /** Every range RTP may come from (signalling ranges carry media too). */
    public static List<Range> media(String region) {
        return forRegion(region);
    }

    private ChimeVoiceConnectorRanges() {}
}
