package dev.voicebridge.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges;
import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges.Range;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChimeVoiceConnectorRangesTest {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    @Test
    void shouldListOnlyWellFormedPublicRangesWithSignallingInEveryRegion() {
        for (String region : ChimeVoiceConnectorRanges.regions()) {
            assertThat(ChimeVoiceConnectorRanges.signalling(region)).as(region).isNotEmpty();
            for (Range range : ChimeVoiceConnectorRanges.forRegion(region)) {
                var m = CIDR.matcher(range.cidr());
                assertThat(m.matches()).as(range.cidr()).isTrue();
                int first = Integer.parseInt(m.group(1));
                int prefix = Integer.parseInt(m.group(5));
                assertThat(first)
                        .as("public address " + range.cidr())
                        .isNotIn(0, 10, 127)
                        .isLessThan(224);
                assertThat(prefix).as("not wider than a /23: " + range.cidr()).isBetween(23, 32);
                assertThat(range.mediaPortMin()).isLessThanOrEqualTo(range.mediaPortMax());
                assertThat(range.source()).isNotBlank();
            }
        }
    }

    @Test
    void shouldMatchTheAdminGuideTableForTheTwoPstnAudioLaunchRegions() {
        assertThat(ChimeVoiceConnectorRanges.signalling("us-east-1"))
                .extracting(Range::cidr)
                .contains("3.80.16.0/23");
        assertThat(ChimeVoiceConnectorRanges.signalling("us-west-2"))
                .extracting(Range::cidr)
                .contains("99.77.253.0/24");
        assertThat(ChimeVoiceConnectorRanges.media("us-east-1"))
                .extracting(Range::cidr)
                .contains("52.55.62.128/25", "52.55.63.0/25", "34.212.95.128/25", "34.223.21.0/25");
    }
}
