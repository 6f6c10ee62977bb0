package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.infra.TemplateView.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/**
 * The shape switches a deployer sets with {@code -c}: the HTTPS admin load balancer, a prebuilt
 * gateway image from ECR, the inbound SIP trunk's termination allowlist and Session Manager.
 */
class OptionalFeaturesTest {

    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    private static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/voicebridge/gateway:1.2.3";

    private static TemplateView view;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(Map.of(
                "adminCertificateArn", CERTIFICATE,
                "gatewayImage", IMAGE,
                "inboundTrunkCidrs", "198.51.100.10/32, 203.0.113.0/28",
                "enableSsm", "true",
                "gatewayHosts", "2")));
    }

    @Test
    void shouldServeAdminAndWebSocketOverHttpsOnlyWithTheGivenCertificate() {
        view.template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::Listener",
                Map.of(
                        "Protocol",
                        "HTTPS",
                        "Port",
                        443,
                        "Certificates",
                        List.of(Map.of("CertificateArn", CERTIFICATE))));
        view.template.resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 1);
        view.template.hasResourceProperties(
                "AWS::ElasticLoadBalancingV2::TargetGroup",
                Map.of(
                        "Port",
                        8080,
                        "Protocol",
                        "HTTP",
                        "TargetType",
                        "instance",
                        "HealthCheckPath",
                        "/actuator/health/readiness"));
    }

    @Test
    void shouldOpenTheGatewayHttpPortToTheLoadBalancerOnly() {
        String albGroup = view.logicalIdStartingWith("AWS::EC2::SecurityGroup", "AdminLoadBalancerSecurityGroup");
        assertThat(properties(view.resources().get(albGroup)).get("SecurityGroupIngress"))
                .isEqualTo(List.of(Map.of(
                        "CidrIp",
                        Map.of("Ref", "AdminAllowedCidr"),
                        "Description",
                        "HTTPS (bearer token still required)",
                        "FromPort",
                        443,
                        "IpProtocol",
                        "tcp",
                        "ToPort",
                        443)));
        view.template.hasResourceProperties(
                "AWS::EC2::SecurityGroupIngress",
                Map.of(
                        "IpProtocol",
                        "tcp",
                        "FromPort",
                        8080,
                        "ToPort",
                        8080,
                        "SourceSecurityGroupId",
                        Map.of("Fn::GetAtt", List.of(albGroup, "GroupId"))));
        assertThat(view.resourcesOfType("AWS::EC2::SecurityGroupIngress").values())
                .allSatisfy(rule -> assertThat(properties(rule)).doesNotContainKey("CidrIp"));
        view.template.hasOutput("AdminUrl", Map.of("Value", Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
    }

    @Test
    void shouldPullAPrebuiltImageFromItsOwnEcrRepositoryOnly() {
        String role = view.logicalIdStartingWith("AWS::IAM::Role", "GatewayRole");
        assertThat(view.statementsOfRole(role))
                .filteredOn(s -> s.actions().contains("ecr:BatchGetImage"))
                .extracting(Statement::resources)
                .containsExactly(List.of("arn:aws:ecr:us-east-1:123456789012:repository/voicebridge/gateway"));
        assertThat(view.resourcesOfType("AWS::Lambda::Function")).hasSize(2); // SMA Lambda + Chime provisioner
        String userData = userData(view.logicalIdsStartingWith("AWS::EC2::Instance", "GatewayInstance")
                .get(0));
        assertThat(userData)
                .contains("docker pull " + IMAGE)
                .contains("docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com");
    }

    @Test
    void shouldSpreadCallsOverEveryGatewayHostInBothZones() {
        List<String> instances = view.logicalIdsStartingWith("AWS::EC2::Instance", "GatewayInstance");
        List<String> addresses = view.logicalIdsStartingWith("AWS::EC2::EIP", "GatewayPublicAddress");
        assertThat(instances).hasSize(2);
        assertThat(addresses).hasSize(2);
        // each host advertises its own Elastic IP in SDP
        for (String instance : instances) {
            assertThat(addresses)
                    .filteredOn(eip -> userData(instance).contains("GATEWAY_PUBLIC_ADDRESS=@Ref(" + eip + ")"))
                    .hasSize(1);
        }
        assertThat(instances)
                .extracting(id -> properties(view.resources().get(id)).get("SubnetId"))
                .doesNotHaveDuplicates();
        // and the gateway connector routes to both by name over TLS, equal weights
        String origination =
                view.customResourcesCalling("PutVoiceConnectorOrigination").get(0);
        Map<?, ?> parameters = (Map<?, ?>) view.sdkCall(origination, "Create").get("parameters");
        assertThat((List<?>) ((Map<?, ?>) parameters.get("Origination")).get("Routes"))
                .extracting(
                        r -> ((Map<?, ?>) r).get("Host"),
                        r -> ((Map<?, ?>) r).get("Protocol"),
                        r -> ((Map<?, ?>) r).get("Priority"),
                        r -> ((Map<?, ?>) r).get("Weight"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("gw1.@Ref(GatewaySipDomain)", "TCP", 1, 1),
                        org.assertj.core.groups.Tuple.tuple("gw2.@Ref(GatewaySipDomain)", "TCP", 1, 1));
        Map<String, Object> targetGroup = properties(view.resourcesOfType("AWS::ElasticLoadBalancingV2::TargetGroup")
                .values()
                .iterator()
                .next());
        assertThat(TemplateView.asList(targetGroup.get("Targets")))
                .containsExactlyInAnyOrder(
                        (Object) Map.of("Id", Map.of("Ref", instances.get(0)), "Port", 8080),
                        Map.of("Id", Map.of("Ref", instances.get(1)), "Port", 8080));
    }

    @Test
    void shouldLetOnlyTheGivenSbcAddressesCallIntoTheInboundConnector() {
        String inbound = view.logicalIdStartingWith("Custom::AWS", "InboundVoiceConnector1");
        assertThat(view.customResourcesCalling("PutVoiceConnectorTermination"))
                .singleElement()
                .satisfies(id -> assertThat(view.sdkCall(id, "Create").get("parameters"))
                        .isEqualTo(Map.of(
                                "VoiceConnectorId", TemplateView.getAtt(inbound, "VoiceConnector.VoiceConnectorId"),
                                "Termination",
                                        Map.of(
                                                "CidrAllowedList",
                                                List.of("198.51.100.10/32", "203.0.113.0/28"),
                                                "CallingRegions",
                                                List.of("US"),
                                                "Disabled",
                                                false))));
    }

    private static String userData(String instance) {
        return TemplateView.render(
                ((Map<?, ?>) properties(view.resources().get(instance)).get("UserData")).get("Fn::Base64"));
    }

    @Test
    void shouldAddSessionManagerOnlyWhenAskedFor() {
        String role = view.logicalIdStartingWith("AWS::IAM::Role", "GatewayRole");
        assertThat(properties(view.resources().get(role))
                        .get("ManagedPolicyArns")
                        .toString())
                .contains("AmazonSSMManagedInstanceCore");
        view.resourcesOfType("AWS::IAM::Role").forEach((id, r) -> {
            if (!id.equals(role)) {
                assertThat(properties(r)).as(id).doesNotContainKey("ManagedPolicyArns");
            }
        });
    }
}
