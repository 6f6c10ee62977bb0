package dev.voicebridge.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.infra.settings.DeploymentSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSettingsTest {

    private static DeploymentSettings from(Map<String, Object> context) {
        Map<String, Object> withRoot = new HashMap<>(context);
        withRoot.putIfAbsent("repositoryRoot", "/repo");
        return DeploymentSettings.from(withRoot::get);
    }

    @Test
    void shouldDefaultToUsEast1AndTheSmaLambdaJarOfTheBuild() {
        DeploymentSettings settings = from(Map.of());
        assertThat(settings.region()).isEqualTo("us-east-1");
        assertThat(settings.smaLambdaJar())
                .isEqualTo(Path.of("/repo/sma-lambda/target/sma-lambda-0.1.0-SNAPSHOT-aws.jar"));
        assertThat(settings.maxCallsByRtpRange()).isEqualTo(1000);
        assertThat(settings.adminCertificateArn()).isEmpty();
        assertThat(settings.inboundTrunkCidrs()).isEmpty();
    }

    @Test
    void shouldRefuseARegionWithoutPublishedVoiceConnectorRanges() {
        assertThatThrownBy(() -> from(Map.of("region", "eu-south-2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eu-south-2")
                .hasMessageContaining("ChimeVoiceConnectorRanges");
    }

    @Test
    void shouldRefuseAnRtpRangeThatHoldsTheSipPortOrHalfAPair() {
        assertThatThrownBy(() -> from(Map.of("rtpPortMin", "5000", "rtpPortMax", "5999")))
                .hasMessageContaining("SIP port 5060");
        assertThatThrownBy(() -> from(Map.of("rtpPortMin", "5061", "rtpPortMax", "5100")))
                .hasMessageContaining("SIP port 5061");
        assertThatThrownBy(() -> from(Map.of("rtpPortMin", "20000", "rtpPortMax", "20002")))
                .hasMessageContaining("RTP/RTCP port pairs");
        assertThatThrownBy(() -> from(Map.of("rtpPortMin", "30000", "rtpPortMax", "20000")))
                .hasMessageContaining("30000..20000");
    }

    @Test
    void shouldRefuseATrunkAllowlistTheVoiceConnectorWouldReject() {
        assertThatThrownBy(() -> from(Map.of("inboundTrunkCidrs", "10.0.0.0/8")))
                .hasMessageContaining("10.0.0.0/8")
                .hasMessageContaining("/27 and /32");
        assertThat(from(Map.of("inboundTrunkCidrs", " 198.51.100.10/32 ,203.0.113.0/27"))
                        .inboundTrunkCidrs())
                .containsExactly("198.51.100.10/32", "203.0.113.0/27");
    }

    @Test
    void shouldRefuseMoreGatewayHostsThanAVoiceConnectorCanRouteTo() {
        assertThatThrownBy(() -> from(Map.of("gatewayHosts", "6")))
                .hasMessageContaining("gatewayHosts must be 1..5")
                .hasMessageContaining("got 6");
        assertThat(from(Map.of("gatewayHosts", "5")).gatewayHosts()).isEqualTo(5);
    }

    @Test
    void shouldExplainHowToBuildTheLambdaJarWhenItIsMissing() {
        assertThatThrownBy(() -> Synthesis.synthesize(Map.of("smaLambdaJar", "/nowhere/missing.jar")))
                .hasMessageContaining("/nowhere/missing.jar")
                .hasMessageContaining("./mvnw -B -pl sma-lambda");
    }

    @Test
    void shouldKeepFixedHostsUnlessAutoScalingIsAskedFor() {
        // Given no gatewayAutoScaling, then gatewayAutoScaling=true with only defaults
        // Then fixed hosts, then a group of 1..10 at 60 % on one connector, desired left to the policy
        assertThat(from(Map.of()).autoScaling()).isEmpty();
        assertThat(from(Map.of("gatewayAutoScaling", "true", "sipEncryption", "false"))
                        .autoScaling())
                .hasValueSatisfying(scaling -> {
                    assertThat(scaling.minHosts()).isEqualTo(1);
                    assertThat(scaling.maxHosts()).isEqualTo(10);
                    assertThat(scaling.desiredHosts()).isEmpty();
                    assertThat(scaling.targetUtilization()).isEqualTo(60);
                    assertThat(scaling.voiceConnectors()).isEqualTo(1);
                });
        assertThat(from(Map.of()).routeManagerJar())
                .isEqualTo(Path.of("/repo/route-manager/target/route-manager-0.1.0-SNAPSHOT-aws.jar"));
    }

    @Test
    void shouldRefuseAGroupShapeByNamingTheSetting() {
        assertThatThrownBy(() ->
                        from(Map.of("gatewayAutoScaling", "true", "sipEncryption", "false", "gatewayMinHosts", "0")))
                .hasMessageContaining("gatewayMinHosts");
        assertThatThrownBy(() -> from(
                        Map.of("gatewayAutoScaling", "true", "sipEncryption", "false", "gatewayDesiredHosts", "11")))
                .hasMessageContaining("gatewayDesiredHosts");
        assertThatThrownBy(() -> from(Map.of(
                        "gatewayAutoScaling", "true", "sipEncryption", "false", "gatewayTargetUtilization", "100")))
                .hasMessageContaining("gatewayTargetUtilization");
        // 20 hosts need two connectors: said with the number to set
        assertThatThrownBy(() ->
                        from(Map.of("gatewayAutoScaling", "true", "sipEncryption", "false", "gatewayMaxHosts", "20")))
                .hasMessageContaining("10 origination routes per Voice Connector")
                .hasMessageContaining("gatewayVoiceConnectors to 2");
    }

    @Test
    void shouldRefuseAGroupOnAnEncryptedTrunkSayingWhy() {
        // Given a group asked for while the trunk stays encrypted (the default)
        // Then synthesis stops, naming the setting that makes it work today and why
        assertThatThrownBy(() -> from(Map.of("gatewayAutoScaling", "true")))
                .hasMessageContaining("sipEncryption=false")
                .hasMessageContaining("host names");
    }
}
