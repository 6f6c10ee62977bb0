package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway Voice Connector is encrypted by default (SIP over TLS, SRTP), and plain SIP/RTP is
 * only there when asked for with {@code -c sipEncryption=false}: both shapes, synthesized.
 */
class EncryptedTrunkTest {

    private static TemplateView encrypted;
    private static TemplateView plain;

    @BeforeAll
    static void synthesizeBoth() {
        encrypted = new TemplateView(Synthesis.synthesize(Map.of()));
        plain = new TemplateView(Synthesis.synthesize(Map.of("sipEncryption", "false")));
    }

    @Test
    void shouldOpenOnlyTheTlsPortToChimesSignallingRangesByDefault() {
        // Given the default stack, Then SIP is TLS on 5061 from Chime's signalling ranges, and 5060 is closed
        assertThat(ingress(encrypted))
                .filteredOn(r -> "tcp".equals(r.get("IpProtocol")))
                .extracting(r -> r.get("CidrIp"), r -> r.get("FromPort"), r -> r.get("ToPort"))
                .containsExactlyInAnyOrderElementsOf(ChimeVoiceConnectorRanges.signalling("us-east-1").stream()
                        .map(range -> tuple(range.cidr(), 5061, 5061))
                        .toList());
        assertThat(ingress(encrypted)).noneMatch(r -> Integer.valueOf(5060).equals(r.get("FromPort")));
    }

    @Test
    void shouldRunTheGatewayOnTlsOnlyWithSrtpRequiredAndItsKeystoreFromAcm() {
        String userData = userData(encrypted);
        // Then the gateway listens on TLS only, with SRTP required, from a keystore made at start-up
        assertThat(userData)
                .contains(
                        "GATEWAY_SIP_TRANSPORTS=TLS",
                        "GATEWAY_SIP_TLS_PORT=5061",
                        "GATEWAY_SIP_TLS_KEYSTORE=/run/voicebridge/sip-tls.p12",
                        "GATEWAY_SIP_REQUIRE_SRTP=true",
                        "aws acm export-certificate --region us-east-1 --certificate-arn @Ref(GatewaySipCertificateArn)",
                        "openssl pkcs12 -export",
                        "GATEWAY_SIP_TLS_KEYSTORE_PASSWORD=%s",
                        "--volume /run/voicebridge/sip-tls.p12:/run/voicebridge/sip-tls.p12:ro",
                        "systemctl enable --now voicebridge-tls-renewed.timer");
        // and the key is only ever in the host's tmpfs, never in the template
        assertThat(userData).doesNotContain("PRIVATE KEY").doesNotContain("GATEWAY_SIP_TLS_KEYSTORE_PASSWORD=@");
        // and the key material is removed once the keystore exists
        assertThat(userData).contains("rm -f /run/voicebridge/acm.json /run/voicebridge/cert.pem");
    }

    @Test
    void shouldAskForTheDomainAndTheAcmExportableCertificateAndNameTheHosts() {
        encrypted.template.hasParameter("GatewaySipDomain", Map.of("Type", "String"));
        encrypted.template.hasParameter("GatewaySipCertificateArn", Map.of("Type", "String"));
        encrypted.template.hasOutput(
                "GatewaySipHostNames",
                Map.of("Value", Map.of("Fn::Join", List.of("", List.of("gw1.", Map.of("Ref", "GatewaySipDomain"))))));
    }

    @Test
    void shouldKeepPlainSipAndRtpOnlyWhenChosenExplicitly() {
        // Given sipEncryption=false, Then both connectors are unencrypted
        assertThat(plain.customResourcesCalling("CreateVoiceConnector"))
                .extracting(id ->
                        (Object) ((Map<?, ?>) plain.sdkCall(id, "Create").get("parameters")).get("RequireEncryption"))
                .containsExactly(false, false);
        // and the routes are UDP then TCP to the Elastic IP on 5060
        String eip = plain.logicalIdStartingWith("AWS::EC2::EIP", "GatewayPublicAddress");
        String origination =
                plain.customResourcesCalling("PutVoiceConnectorOrigination").getFirst();
        Map<?, ?> parameters = (Map<?, ?>) plain.sdkCall(origination, "Create").get("parameters");
        assertThat((List<?>) ((Map<?, ?>) parameters.get("Origination")).get("Routes"))
                .extracting(
                        r -> ((Map<?, ?>) r).get("Host"),
                        r -> ((Map<?, ?>) r).get("Port"),
                        r -> ((Map<?, ?>) r).get("Protocol"))
                .containsExactly(tuple(TemplateView.ref(eip), 5060, "UDP"), tuple(TemplateView.ref(eip), 5060, "TCP"));
        // and the security group opens 5060 (UDP, TCP), not 5061
        assertThat(ingress(plain))
                .extracting(r -> r.get("IpProtocol"), r -> r.get("FromPort"))
                .contains(tuple("udp", 5060), tuple("tcp", 5060))
                .doesNotContain(tuple("tcp", 5061));
        // and nothing of TLS is left: no parameters, no certificate access, no keystore
        assertThat(plain.template.findParameters("GatewaySipDomain")).isEmpty();
        assertThat(plain.iamStatements()).noneMatch(s -> s.actions().stream().anyMatch(a -> a.startsWith("acm:")));
        assertThat(userData(plain)).doesNotContain("GATEWAY_SIP_TRANSPORTS").doesNotContain("export-certificate");
    }

    @Test
    void shouldRefuseAnUnclearEncryptionFlag() {
        // A typo must not turn encryption off silently
        assertThatThrownBy(() -> Synthesis.synthesize(Map.of("sipEncryption", "no")))
                .hasMessageContaining("sipEncryption must be true or false");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ingress(TemplateView view) {
        return (List<Map<String, Object>>) properties(view.resources()
                        .get(view.logicalIdStartingWith("AWS::EC2::SecurityGroup", "GatewayNetworkSipRtp")))
                .get("SecurityGroupIngress");
    }

    private static String userData(TemplateView view) {
        return TemplateView.render(((Map<?, ?>) properties(view.resources()
                                .get(view.logicalIdStartingWith("AWS::EC2::Instance", "GatewayInstance")))
                        .get("UserData"))
                .get("Fn::Base64"));
    }
}
