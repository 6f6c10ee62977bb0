package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static dev.voicebridge.infra.TemplateView.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.voicebridge.infra.TemplateView.Statement;
import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges;
import dev.voicebridge.infra.network.ChimeVoiceConnectorRanges.Range;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateways as an Auto Scaling group ({@code -c gatewayAutoScaling=true}): the group, its two
 * lifecycle hooks, the route manager with its rules and narrow IAM, the drain, the scaling policy
 * and the SIP/RTP security group, read from the synthesized template.
 */
class GatewayAutoScalingTest {

    private static final Map<String, String> SCALING = Map.of(
            "gatewayAutoScaling", "true",
            "sipEncryption", "false",
            "gatewayMinHosts", "2",
            "gatewayMaxHosts", "10",
            "gatewayDesiredHosts", "3",
            "gatewayTargetUtilization", "60");

    private static TemplateView view;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(SCALING));
    }

    @Test
    void shouldRunTheGatewaysAsAnAutoScalingGroupSizedByContext() {
        // Given the stack synthesized with min 2, max 10, desired 3
        // When the group is read
        Map<String, Object> group = properties(only("AWS::AutoScaling::AutoScalingGroup"));

        // Then it has those sizes, a fixed name, both public subnets, and no fixed host nor Elastic IP
        assertThat(group)
                .containsEntry("MinSize", "2")
                .containsEntry("MaxSize", "10")
                .containsEntry("DesiredCapacity", "3")
                .containsEntry("HealthCheckType", "EC2");
        assertThat(render(group.get("AutoScalingGroupName"))).isEqualTo("VoiceBridge-gateways");
        assertThat((List<?>) group.get("VPCZoneIdentifier")).hasSize(2);
        assertThat(view.resourcesOfType("AWS::EC2::Instance")).isEmpty();
        assertThat(view.resourcesOfType("AWS::EC2::EIP")).isEmpty();
    }

    @Test
    void shouldGiveEveryHostAPublicIpv4AndRequireImdsv2() {
        Map<?, ?> data =
                (Map<?, ?>) properties(only("AWS::EC2::LaunchTemplate")).get("LaunchTemplateData");
        assertThat((List<?>) data.get("NetworkInterfaces"))
                .singleElement()
                .satisfies(nic -> assertThat(((Map<?, ?>) nic).get("AssociatePublicIpAddress"))
                        .isEqualTo(true));
        assertThat(((Map<?, ?>) data.get("MetadataOptions")).get("HttpTokens")).isEqualTo("required");
    }

    @Test
    void shouldHoldLaunchUntilJoinedAndTerminationUntilDrained() {
        assertThat(view.resourcesOfType("AWS::AutoScaling::LifecycleHook").values())
                .extracting(TemplateView::properties)
                .extracting(
                        p -> p.get("LifecycleHookName"),
                        p -> p.get("LifecycleTransition"),
                        p -> p.get("DefaultResult"),
                        p -> p.get("HeartbeatTimeout"))
                .containsExactlyInAnyOrder(
                        // never ready: replaced, not counted
                        tuple("gateway-launch", "autoscaling:EC2_INSTANCE_LAUNCHING", "ABANDON", 600),
                        // host gone, no heartbeats: termination goes on
                        tuple("gateway-terminate", "autoscaling:EC2_INSTANCE_TERMINATING", "CONTINUE", 300));
    }

    @Test
    void shouldFeedTheRouteManagerTheReadyAndTerminateEventsOnly() {
        String function = view.logicalIdStartingWith("AWS::Lambda::Function", "RouteManagerFunction");
        assertThat(view.resourcesOfType("AWS::Events::Rule").values())
                .extracting(TemplateView::properties)
                .filteredOn(p -> render(p.get("Targets")).contains(function))
                .extracting(p -> p.get("EventPattern"))
                .containsExactlyInAnyOrder(
                        Map.of(
                                "source",
                                List.of("voicebridge.gateway"),
                                "detail-type",
                                List.of("VoiceBridge Gateway Ready")),
                        Map.of(
                                "source",
                                List.of("aws.autoscaling"),
                                "detail-type",
                                List.of("EC2 Instance-terminate Lifecycle Action"),
                                "detail",
                                Map.of("AutoScalingGroupName", List.of("VoiceBridge-gateways"))));
    }

    @Test
    void shouldRunOneRouteChangeAtATimeAndKeepFailedEvents() {
        Map<String, Object> function = properties(
                view.resources().get(view.logicalIdStartingWith("AWS::Lambda::Function", "RouteManagerFunction")));
        assertThat(function)
                .containsEntry("Handler", "dev.voicebridge.routes.RouteManagerHandler::handleRequest")
                .containsEntry("ReservedConcurrentExecutions", 1)
                .containsEntry("Timeout", 60);
        assertThat(render(((Map<?, ?>) function.get("DeadLetterConfig")).get("TargetArn")))
                .contains("RouteManagerDeadLetters");
        Map<?, ?> variables = (Map<?, ?>) ((Map<?, ?>) function.get("Environment")).get("Variables");
        assertThat(variables.get("ROUTE_AUTO_SCALING_GROUP")).isEqualTo("VoiceBridge-gateways");
        assertThat(variables.get("ROUTE_LAUNCH_HOOK")).isEqualTo("gateway-launch");
        assertThat(render(variables.get("ROUTE_DRAIN_DOCUMENT"))).startsWith("@Ref(GatewayGroupDrainDocument");
        assertThat(properties(only("AWS::Lambda::EventInvokeConfig")))
                .containsEntry("MaximumRetryAttempts", 2)
                .containsEntry("MaximumEventAgeInSeconds", 21600);
        assertThat(view.resourcesOfType("AWS::CloudWatch::Alarm")).hasSize(1);
    }

    @Test
    void shouldLetTheRouteManagerWriteOnlyTheGatewayVoiceConnectorsOrigination() {
        String role = view.logicalIdStartingWith("AWS::IAM::Role", "RouteManagerRole");
        List<Statement> statements = view.statementsOfRole(role);
        assertThat(statements)
                .filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("chime:")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.actions())
                            .containsExactlyInAnyOrder(
                                    "chime:GetVoiceConnectorOrigination", "chime:PutVoiceConnectorOrigination");
                    assertThat(s.resources())
                            .extracting(TemplateView::render)
                            .singleElement()
                            .satisfies(arn -> assertThat(arn)
                                    .startsWith("@GetAtt(GatewayVoiceConnector")
                                    .endsWith(".VoiceConnector.VoiceConnectorArn)"));
                });
        assertThat(statements)
                .extracting(
                        Statement::actions,
                        s -> s.resources().stream().map(TemplateView::render).toList())
                .contains(
                        tuple(
                                List.of("autoscaling:CompleteLifecycleAction"),
                                List.of(
                                        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/VoiceBridge-gateways")));
        assertThat(statements).flatExtracting(Statement::resources).doesNotContain("*");
        assertThat(statements)
                .filteredOn(s -> s.actions().contains("ssm:SendCommand")
                        && render(s.resources().get(0)).endsWith("instance/*"))
                .singleElement()
                .satisfies(s -> assertThat(render(s.raw().get("Condition")))
                        .contains("ssm:resourceTag/aws:autoscaling:groupName=VoiceBridge-gateways"));
    }

    @Test
    void shouldUseAllResourcesOnlyForActionsWithoutAResourceType() {
        // The fixed stack's list, plus ec2messages (the SSM agent's Run Command channel)
        assertThat(view.iamStatements())
                .filteredOn(s -> s.resources().contains("*"))
                .flatExtracting(Statement::actions)
                .allSatisfy(action -> assertThat(action.startsWith("ec2messages:")
                                || LeastPrivilegeTest.ACTIONS_AWS_REQUIRES_ON_ALL_RESOURCES.contains(action))
                        .as(action)
                        .isTrue());
    }

    @Test
    void shouldLeaveTheRoutesToTheRouteManager() {
        assertThat(view.customResourcesCalling("PutVoiceConnectorOrigination")).isEmpty();
    }

    @Test
    void shouldScaleToKeepAChosenShareOfCallCapacityInUse() {
        Map<String, Object> policy = properties(only("AWS::AutoScaling::ScalingPolicy"));
        assertThat(policy).containsEntry("PolicyType", "TargetTrackingScaling");
        Map<?, ?> config = (Map<?, ?>) policy.get("TargetTrackingConfiguration");
        assertThat(config.get("TargetValue")).isEqualTo(60);
        String metrics = render(((Map<?, ?>) config.get("CustomizedMetricSpecification")).get("Metrics"));
        assertThat(metrics)
                .contains("Expression=100 * active / capacity", "ReturnData=true")
                .contains("MetricName=voicebridge_calls_active", "MetricName=voicebridge_calls_limit")
                .contains("Namespace=VoiceBridge/Gateway", "Value=VoiceBridge-gateways", "Stat=Sum");
    }

    @Test
    void shouldOpenSipAndRtpOnTheGroupsHostsOnlyToChimesRanges() {
        Map<?, ?> data =
                (Map<?, ?>) properties(only("AWS::EC2::LaunchTemplate")).get("LaunchTemplateData");
        String groupRef =
                render(((List<?>) ((Map<?, ?>) ((List<?>) data.get("NetworkInterfaces")).get(0)).get("Groups")).get(0));
        String securityGroup = groupRef.replaceAll("@GetAtt\\(([^.]*)\\..*", "$1");
        List<String> chime = ChimeVoiceConnectorRanges.forRegion(Synthesis.REGION).stream()
                .map(Range::cidr)
                .toList();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ingress = (List<Map<String, Object>>)
                properties(view.resources().get(securityGroup)).get("SecurityGroupIngress");
        assertThat(ingress).isNotEmpty().allSatisfy(rule -> assertThat(chime).contains((String) rule.get("CidrIp")));
        assertThat(ingress).extracting(rule -> rule.get("FromPort")).contains(5060, 20000);
    }

    @Test
    void shouldDrainWithHeartbeatsThenCompleteTheTermination() {
        String script = render(properties(only("AWS::SSM::Document")).get("Content"));
        assertThat(script)
                .containsSubsequence(
                        "systemctl stop voicebridge-gateway &",
                        "aws autoscaling record-lifecycle-action-heartbeat",
                        "sleep 30",
                        "aws autoscaling complete-lifecycle-action --lifecycle-action-result CONTINUE");
    }

    @Test
    void shouldBootHostsThatAnnounceTheirReadinessAndPublishTheirLoad() throws Exception {
        Map<?, ?> data =
                (Map<?, ?>) properties(only("AWS::EC2::LaunchTemplate")).get("LaunchTemplateData");
        String script = render(((Map<?, ?>) data.get("UserData")).get("Fn::Base64"));
        assertThat(script)
                .contains("public_ip=$(imds public-ipv4)", "GATEWAY_PUBLIC_ADDRESS=$public_ip")
                .contains("aws events put-events", "VoiceBridge Gateway Ready")
                .contains("aws autoscaling set-instance-health", "ever_ready=1")
                .contains("amazon-cloudwatch-agent-ctl", "bearer_token_file: /run/voicebridge/admin-token")
                .doesNotContain("GATEWAY_PUBLIC_ADDRESS=@Ref");
        Path file = Files.createTempFile("group-user-data", ".sh");
        Files.writeString(
                file, script.replaceAll("@(Ref|GetAtt)\\(([^)]*)\\)", "REF_$2").replace("::", "_"));
        Process bash = new ProcessBuilder("bash", "-n", file.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue())
                .as(new String(bash.getInputStream().readAllBytes()))
                .isZero();
    }

    @Test
    void shouldPutAReadyEventTheRouteManagerCanReadOnceTheGatewayIsReady() throws Exception {
        // Given the host's join script, run with stand-ins for curl (readiness UP) and the AWS CLI
        String script = bootScript();
        String join = script.substring(script.indexOf("cat > /usr/local/bin/voicebridge-join <<'EOF'\n"));
        join = join.substring(join.indexOf('\n') + 1, join.indexOf("\nEOF\n"));
        Path dir = Files.createTempDirectory("join");
        Files.writeString(dir.resolve("host.env"), "INSTANCE_ID=i-0abc\nPUBLIC_IP=203.0.113.7\n");
        stub(dir, "curl", "exit 0");
        stub(dir, "aws", "echo \"$@\" > " + dir.resolve("aws-args") + "; echo 0");
        Path file = dir.resolve("join.sh");
        Files.writeString(
                file,
                join.replace(
                                "/etc/voicebridge/host.env",
                                dir.resolve("host.env").toString())
                        .replace("/run/voicebridge/", dir + "/")
                        .replaceAll("@(Ref|GetAtt)\\(([^)]*)\\)", "REF_$2")
                        .replace("::", "_"));

        // When it runs
        ProcessBuilder run = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        run.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process bash = run.start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Then it succeeded and put exactly the event LifecycleEvent parses: source, type, and a
        // detail (a JSON string inside the entry) naming the instance and its public address
        assertThat(bash.exitValue())
                .as(new String(bash.getInputStream().readAllBytes()))
                .isZero();
        assertThat(Files.readString(dir.resolve("aws-args"))).contains("events put-events", "FailedEntryCount");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var entry = json.readTree(dir.resolve("ready-event.json").toFile()).get(0);
        assertThat(entry.get("Source").asText()).isEqualTo("voicebridge.gateway");
        assertThat(entry.get("DetailType").asText()).isEqualTo("VoiceBridge Gateway Ready");
        assertThat(json.readValue(entry.get("Detail").asText(), Map.class))
                .isEqualTo(Map.of("EC2InstanceId", "i-0abc", "Host", "203.0.113.7"));
    }

    private static void stub(Path dir, String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    private static String bootScript() {
        Map<?, ?> data =
                (Map<?, ?>) properties(only("AWS::EC2::LaunchTemplate")).get("LaunchTemplateData");
        return render(((Map<?, ?>) data.get("UserData")).get("Fn::Base64"));
    }

    @Test
    void shouldBridgeToAVoiceConnectorGroupWhenTheHostsNeedSeveralConnectors() {
        // Given up to 20 hosts on two gateway connectors
        Map<String, String> twenty = new java.util.HashMap<>(SCALING);
        twenty.put("gatewayMaxHosts", "20");
        twenty.put("gatewayVoiceConnectors", "2");

        // When the stack is synthesized
        TemplateView wide = new TemplateView(Synthesis.synthesize(twenty));

        // Then a group holds both connectors at equal priority (neither is only a fallback)
        String group = wide.customResourcesCalling("CreateVoiceConnectorGroup").get(0);
        assertThat(render(wide.sdkCall(group, "Create").get("parameters")))
                .contains("Priority=1")
                .contains("GatewayVoiceConnector2");
        // And the SMA Lambda bridges to the group
        Map<?, ?> smaVariables = (Map<?, ?>) ((Map<?, ?>) properties(wide.resources()
                                .get(wide.logicalIdStartingWith("AWS::Lambda::Function", "SmaLambdaFunction")))
                        .get("Environment"))
                .get("Variables");
        assertThat(render(smaVariables.get("GATEWAY_VOICE_CONNECTOR_ARN")))
                .startsWith("@GetAtt(GatewayVoiceConnectorGroup")
                .endsWith("VoiceConnectorGroupArn)");
        // And the route manager fills both, and may write the origination of both only
        Map<?, ?> routeVariables = (Map<?, ?>) ((Map<?, ?>) properties(wide.resources()
                                .get(wide.logicalIdStartingWith("AWS::Lambda::Function", "RouteManagerFunction")))
                        .get("Environment"))
                .get("Variables");
        assertThat(render(routeVariables.get("ROUTE_VOICE_CONNECTOR_IDS")))
                .matches("@GetAtt\\(GatewayVoiceConnector[0-9A-F]+\\.VoiceConnector\\.VoiceConnectorId\\),"
                        + "@GetAtt\\(GatewayVoiceConnector2[0-9A-F]+\\.VoiceConnector\\.VoiceConnectorId\\)");
        assertThat(wide.statementsOfRole(wide.logicalIdStartingWith("AWS::IAM::Role", "RouteManagerRole")))
                .filteredOn(s -> s.actions().contains("chime:PutVoiceConnectorOrigination"))
                .singleElement()
                .satisfies(s -> assertThat(s.resources()).hasSize(2));
    }

    @Test
    void shouldRefuseMoreHostsThanOneVoiceConnectorsTenRoutes() {
        Map<String, String> tooMany = new java.util.HashMap<>(SCALING);
        tooMany.put("gatewayMaxHosts", "11");
        tooMany.remove("gatewayDesiredHosts");
        assertThatThrownBy(() -> Synthesis.synthesize(tooMany))
                .hasMessageContaining("10 origination routes per Voice Connector");
    }

    private static Map<String, Object> only(String type) {
        Map<String, Map<String, Object>> resources = view.resourcesOfType(type);
        assertThat(resources).as(type).hasSize(1);
        return resources.values().iterator().next();
    }
}
