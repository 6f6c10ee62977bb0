package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.voicebridge.infra.TemplateView.Statement;
import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges;
import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges.Range;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IAM statements scoped exactly, and SIP/RTP open to Chime's published ranges only. */
class LeastPrivilegeTest {

    /**
     * Every statement allowed to name all resources, each because AWS offers no resource-level
     * permission for that action (Service Authorization Reference). infra/README.md lists them too.
     */
    static final Set<String> ACTIONS_AWS_REQUIRES_ON_ALL_RESOURCES = Set.of(
            "chime:CreateVoiceConnector",
            "chime:CreateSipMediaApplication",
            "chime:CreateMeeting",
            "chime:GetSipRule",
            "chime:UpdateSipRule",
            "chime:DeleteSipRule",
            "ecr:GetAuthorizationToken");

    private static TemplateView view;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(Map.of()));
    }

    @Test
    void shouldNameNoWildcardActionAnywhere() {
        assertThat(view.iamStatements())
                .flatExtracting(Statement::actions)
                .allSatisfy(action -> assertThat(action).doesNotContain("*"));
    }

    @Test
    void shouldUseAllResourcesOnlyForActionsWithoutResourceLevelPermissions() {
        assertThat(view.iamStatements())
                .filteredOn(s -> s.resources().contains("*"))
                .allSatisfy(s -> assertThat(ACTIONS_AWS_REQUIRES_ON_ALL_RESOURCES)
                        .as("%s in %s", s.actions(), s.holder())
                        .containsAll(s.actions()));
    }

    @Test
    void shouldScopeEveryOtherPatternToThisAccountAndRegion() {
        List<String> patterns = view.iamStatements().stream()
                .flatMap(s -> s.resources().stream())
                .map(TemplateView::render)
                .filter(r -> r.contains("*") && !r.equals("*"))
                .distinct()
                .toList();
        // Objects this stack creates whose ids exist only after the create call in the same resource,
        // and the recordings the gateways add under the prefix of this stack's own bucket
        String recordings = view.logicalIdStartingWith("AWS::S3::Bucket", "Recordings");
        assertThat(patterns)
                .containsExactlyInAnyOrder(
                        "arn:aws:chime:us-east-1:123456789012:vc/*",
                        "arn:aws:chime:us-east-1:123456789012:sma/*",
                        "arn:aws:chime:us-east-1:123456789012:meeting/*",
                        TemplateView.getAtt(recordings, "Arn") + "/recordings/*");
    }

    @Test
    void shouldAttachNoManagedPolicyToAnyRole() {
        assertThat(view.resourcesOfType("AWS::IAM::Role").values())
                .allSatisfy(role -> assertThat(properties(role)).doesNotContainKey("ManagedPolicyArns"));
    }

    @Test
    void shouldLetTheSmaLambdaWriteOnlyItsLogsAndItsTable() {
        String role = view.logicalIdStartingWith("AWS::IAM::Role", "SmaLambdaRole");
        String logs = view.logicalIdStartingWith("AWS::Logs::LogGroup", "SmaLambdaLogs");
        String table = view.logicalIdStartingWith("AWS::DynamoDB::Table", "CallRegistry");
        assertThat(view.statementsOfRole(role))
                .filteredOn(s -> s.condition() == null)
                .extracting(
                        Statement::actions,
                        s -> s.resources().stream().map(TemplateView::render).toList())
                .containsExactlyInAnyOrder(
                        tuple(
                                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(TemplateView.getAtt(logs, "Arn"))),
                        tuple(
                                List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                                List.of(TemplateView.getAtt(table, "Arn"))),
                        tuple(
                                List.of("chime:CreateAttendee"),
                                List.of("arn:aws:chime:us-east-1:123456789012:meeting/*")));
    }

    @Test
    void shouldGrantMeetingCreationToTheLambdaOnlyInMeetingModeAndAttendeesAlways() {
        String role = view.logicalIdStartingWith("AWS::IAM::Role", "SmaLambdaRole");
        assertThat(view.statementsOfRole(role))
                .filteredOn(s -> s.condition() != null)
                .extracting(Statement::condition, Statement::actions)
                .containsExactlyInAnyOrder(
                        tuple("MeetingModeOn", List.of("chime:CreateMeeting")),
                        tuple("MeetingModeOn", List.of("chime:DeleteMeeting")));
        view.template.hasCondition(
                "MeetingModeOn", Map.of("Fn::Equals", List.of(Map.of("Ref", "CallMode"), "meeting")));
        assertThat(view.statementsOfRole(role))
                .filteredOn(s -> s.actions().stream().anyMatch(a -> a.contains("Meeting")))
                .allSatisfy(s -> assertThat(s.condition()).isEqualTo("MeetingModeOn"));
        // In any mode, an outbound call placed into a meeting (POST /api/meetings with dial) joins it as an attendee.
        assertThat(view.statementsOfRole(role))
                .filteredOn(s -> s.actions().contains("chime:CreateAttendee"))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.condition()).isNull();
                    assertThat(s.actions()).containsExactly("chime:CreateAttendee");
                    assertThat(s.resources())
                            .extracting(TemplateView::render)
                            .containsExactly("arn:aws:chime:us-east-1:123456789012:meeting/*");
                });
    }

    @Test
    void shouldLetTheGatewayUpdateCallsOfItsOwnSmaMakeMeetingsAndReachOnlyItsTableSecretsLogsImageAndRecordings() {
        String role = view.logicalIdStartingWith("AWS::IAM::Role", "GatewayRole");
        String sma = view.logicalIdStartingWith("Custom::AWS", "SipMediaApplication");
        String table = view.logicalIdStartingWith("AWS::DynamoDB::Table", "CallRegistry");
        String transcripts = view.logicalIdStartingWith("AWS::DynamoDB::Table", "CallTranscripts");
        String placements = view.logicalIdStartingWith("AWS::DynamoDB::Table", "CallPlacements");
        String logs = view.logicalIdStartingWith("AWS::Logs::LogGroup", "GatewayLogs");
        String recordings = view.logicalIdStartingWith("AWS::S3::Bucket", "Recordings");
        List<String> secrets = view.resourcesOfType("AWS::SecretsManager::Secret").keySet().stream()
                .map(TemplateView::ref)
                .toList();
        assertThat(secrets).hasSize(3);
        assertThat(view.statementsOfRole(role))
                .extracting(
                        Statement::actions,
                        s -> s.resources().stream().map(TemplateView::render).toList())
                .containsExactlyInAnyOrder(
                        tuple(
                                List.of("chime:CreateSipMediaApplicationCall", "chime:UpdateSipMediaApplicationCall"),
                                List.of(TemplateView.getAtt(sma, "SipMediaApplication.SipMediaApplicationArn"))),
                        tuple(
                                List.of(
                                        "dynamodb:GetItem",
                                        "dynamodb:PutItem",
                                        "dynamodb:UpdateItem",
                                        "dynamodb:Query"),
                                List.of(
                                        TemplateView.getAtt(table, "Arn"),
                                        TemplateView.getAtt(table, "Arn") + "/index/byState")),
                        // its transcript turns: written one by one, read per call; no Scan, no delete
                        tuple(
                                List.of("dynamodb:PutItem", "dynamodb:Query"),
                                List.of(TemplateView.getAtt(transcripts, "Arn"))),
                        // recordings: added under the prefix only; never read, listed or deleted
                        tuple(
                                List.of("s3:PutObject"),
                                List.of(TemplateView.getAtt(recordings, "Arn") + "/recordings/*")),
                        // the calls API's prompts and Idempotency-Keys: point reads and conditional
                        // writes of single items; no Query, no Scan
                        tuple(
                                List.of(
                                        "dynamodb:GetItem",
                                        "dynamodb:PutItem",
                                        "dynamodb:UpdateItem",
                                        "dynamodb:DeleteItem"),
                                List.of(TemplateView.getAtt(placements, "Arn"))),
                        // POST /api/meetings, whatever the call mode: the console's meetings
                        tuple(List.of("chime:CreateMeeting"), List.of("*")),
                        tuple(
                                List.of("chime:CreateAttendee", "chime:DeleteMeeting"),
                                List.of("arn:aws:chime:us-east-1:123456789012:meeting/*")),
                        tuple(List.of("secretsmanager:GetSecretValue"), secrets),
                        tuple(
                                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                List.of(TemplateView.getAtt(logs, "Arn"))),
                        tuple(List.of("ecr:GetAuthorizationToken"), List.of("*")),
                        // exporting (at start) and reading (renewal check) its own SIP TLS certificate only
                        tuple(
                                List.of("acm:ExportCertificate", "acm:GetCertificate"),
                                List.of("@Ref(GatewaySipCertificateArn)")),
                        tuple(
                                List.of(
                                        "ecr:BatchCheckLayerAvailability",
                                        "ecr:GetDownloadUrlForLayer",
                                        "ecr:BatchGetImage"),
                                List.of("arn:aws:ecr:us-east-1:123456789012:repository/"
                                        + "cdk-hnb659fds-container-assets-123456789012-us-east-1")));
    }

    @Test
    void shouldScopeVoiceConnectorSettingsToTheConnectorTheyBelongTo() {
        String gateway = view.logicalIdStartingWith("Custom::AWS", "GatewayVoiceConnector8");
        assertThat(view.iamStatements())
                .filteredOn(s -> s.actions().stream()
                        .anyMatch(
                                a -> a.startsWith("chime:Put") || a.contains("Origination") || a.contains("Streaming")))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.resources())
                        .extracting(TemplateView::render)
                        .containsExactly(TemplateView.getAtt(gateway, "VoiceConnector.VoiceConnectorArn")));
    }

    @Test
    void shouldLetChimeCreateOnlyItsOwnServiceLinkedRole() {
        assertThat(view.iamStatements())
                .filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("iam:")))
                .isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.actions()).containsExactly("iam:CreateServiceLinkedRole");
                    assertThat(s.resources())
                            .containsExactly("arn:aws:iam::123456789012:role/aws-service-role/"
                                    + "voiceconnector.chime.amazonaws.com/AWSServiceRoleForAmazonChimeVoiceConnector");
                    assertThat(s.raw().get("Condition"))
                            .isEqualTo(Map.of(
                                    "StringEquals",
                                    Map.of("iam:AWSServiceName", "voiceconnector.chime.amazonaws.com")));
                });
    }

    @Test
    void shouldAdmitSipAndRtpOnlyFromChimeVoiceConnectorRanges() {
        Map<String, Object> group = properties(
                view.resources().get(view.logicalIdStartingWith("AWS::EC2::SecurityGroup", "GatewayNetworkSipRtp")));
        List<Map<String, Object>> ingress = rules(group.get("SecurityGroupIngress"));
        List<String> signalling = ChimeVoiceConnectorRanges.signalling("us-east-1").stream()
                .map(Range::cidr)
                .toList();
        List<String> media = ChimeVoiceConnectorRanges.media("us-east-1").stream()
                .map(Range::cidr)
                .toList();
        assertThat(ingress)
                .extracting(
                        r -> r.get("CidrIp"), r -> r.get("IpProtocol"), r -> r.get("FromPort"), r -> r.get("ToPort"))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(
                                signalling.stream()
                                        // SIP over TLS only: the plain SIP port is closed by default
                                        .map(cidr -> tuple(cidr, "tcp", 5061, 5061)),
                                media.stream().map(cidr -> tuple(cidr, "udp", 20000, 21999)))
                        .toList());
        assertThat(signalling).contains("3.80.16.0/23");
        assertThat(media).contains("52.55.62.128/25", "52.55.63.0/25", "34.212.95.128/25", "34.223.21.0/25");
    }

    @Test
    void shouldLetTheGatewayOutOnlyToChimeAndHttps() {
        Map<String, Object> group = properties(
                view.resources().get(view.logicalIdStartingWith("AWS::EC2::SecurityGroup", "GatewayNetworkSipRtp")));
        List<Map<String, Object>> egress = rules(group.get("SecurityGroupEgress"));
        assertThat(egress)
                .filteredOn(r -> "0.0.0.0/0".equals(r.get("CidrIp")))
                .extracting(r -> r.get("IpProtocol"), r -> r.get("FromPort"), r -> r.get("ToPort"))
                .containsExactly(tuple("tcp", 443, 443));
        Set<String> chime = Set.copyOf(ChimeVoiceConnectorRanges.media("us-east-1").stream()
                .map(Range::cidr)
                .toList());
        assertThat(egress)
                .filteredOn(r -> !"0.0.0.0/0".equals(r.get("CidrIp")))
                .allSatisfy(r -> assertThat(chime).contains((String) r.get("CidrIp")));
    }

    @Test
    void shouldGiveTheGatewayTheSameAllowlistAndItsElasticIpAsSdpAddress() {
        String userData = TemplateView.render(((Map<?, ?>) properties(view.resources()
                                .get(view.logicalIdStartingWith("AWS::EC2::Instance", "GatewayInstance")))
                        .get("UserData"))
                .get("Fn::Base64"));
        String eip = view.logicalIdStartingWith("AWS::EC2::EIP", "GatewayPublicAddress");
        assertThat(userData)
                .contains("GATEWAY_PUBLIC_ADDRESS=" + TemplateView.ref(eip))
                .contains("GATEWAY_SIP_ALLOWED_CIDRS=3.80.16.0/23,99.77.254.0/24,52.55.62.128/25,52.55.63.0/25,"
                        + "34.212.95.128/25,34.223.21.0/25")
                .contains(
                        "GATEWAY_RTP_PORT_MIN=20000",
                        "GATEWAY_RTP_PORT_MAX=21999",
                        "GATEWAY_MAX_CALLS=1000",
                        "GATEWAY_SIP_MAX_DIALOGS=1000",
                        "GATEWAY_SIP_PORT=5060",
                        "SERVER_PORT=8080",
                        "AZURE_OPENAI_ENDPOINT=@Ref(AzureOpenAiEndpoint)",
                        "--network host",
                        "docker stop --time 120");
        // Secrets are fetched on the host at start-up, never written into the template
        assertThat(userData).contains("secretsmanager get-secret-value").doesNotContain("AZURE_OPENAI_API_KEY=@");
        view.template.hasResourceProperties(
                "AWS::EC2::EIPAssociation", Map.of("AllocationId", Map.of("Fn::GetAtt", List.of(eip, "AllocationId"))));
    }

    @Test
    void shouldCreateNoLoadBalancerWithoutACertificate() {
        assertThat(view.resourcesOfType("AWS::ElasticLoadBalancingV2::LoadBalancer"))
                .isEmpty();
        Map<String, Object> group = properties(
                view.resources().get(view.logicalIdStartingWith("AWS::EC2::SecurityGroup", "GatewayNetworkSipRtp")));
        assertThat(rules(group.get("SecurityGroupIngress")))
                .noneMatch(r -> Integer.valueOf(8080).equals(r.get("FromPort")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Object value) {
        return (List<Map<String, Object>>) value;
    }
}
