package dev.voicebridge.infra.gateway;

import dev.voicebridge.infra.settings.GatewayScaling;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.autoscaling.DefaultResult;
import software.amazon.awscdk.services.autoscaling.Ec2HealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.LifecycleHook;
import software.amazon.awscdk.services.autoscaling.LifecycleTransition;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The gateways as an EC2 Auto Scaling group ({@code -c gatewayAutoScaling=true}): one launch
 * template (public IPv4 per host, IMDSv2, the gateway's boot script plus
 * {@link GatewayGroupScript}), a launch hook that holds a new host until the route manager has
 * added its route, a terminate hook that holds a leaving host while it drains, and a
 * target-tracking policy on the share of call capacity in use.
 *
 * <p>Why a public IPv4 and not an Elastic IP per host: the route manager takes each host's address
 * from the host's own ready event, so an address that is new with every instance is no problem;
 * an Elastic IP pool would have to be sized to the group's maximum, claimed and released by the
 * hosts themselves (more IAM, more failure modes), and the default quota is 5 Elastic IPs per
 * Region. Both cost the same public-IPv4 hourly charge, and an Auto Scaling instance is never
 * stopped and started (which would change its public address): it is replaced.
 */
public final class GatewayGroup extends Construct {

    public static final String LAUNCH_HOOK = "gateway-launch";
    public static final String TERMINATE_HOOK = "gateway-terminate";
    /** Boot, image pull and readiness ({@link GatewayGroupScript#JOIN_WAIT_SECONDS}) plus the join. */
    static final Duration LAUNCH_TIMEOUT = Duration.minutes(10);
    /** The drain document heartbeats every 30 s; without heartbeats (host gone) termination goes on after this. */
    static final Duration TERMINATE_HEARTBEAT_TIMEOUT = Duration.minutes(5);

    private final AutoScalingGroup group;
    private final String name;
    private final LogGroup metricsLogs;
    private final DrainDocument drainDocument;

    GatewayGroup(
            Construct scope,
            String id,
            GatewayScaling scaling,
            GatewayNetwork network,
            Role role,
            InstanceType instanceType,
            IMachineImage image,
            Function<GatewayBootScript.Extras, List<String>> bootScript) {
        super(scope, id);
        name = groupName(Stack.of(scope));
        metricsLogs = LogGroup.Builder.create(this, "MetricsLogs")
                .retention(RetentionDays.ONE_WEEK)
                .build();
        UserData userData = UserData.forLinux();
        userData.addCommands(bootScript
                .apply(GatewayGroupScript.extras(Stack.of(this).getRegion(), name, metricsLogs.getLogGroupName()))
                .toArray(String[]::new));
        LaunchTemplate template = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .instanceType(instanceType)
                .machineImage(image)
                .securityGroup(network.sipRtpSecurityGroup())
                .associatePublicIpAddress(true)
                .role(role)
                .userData(userData)
                .requireImdsv2(true)
                .blockDevices(List.of(GatewayHost.rootVolume()))
                .build();
        AutoScalingGroup.Builder builder = AutoScalingGroup.Builder.create(this, "Resource")
                .autoScalingGroupName(name)
                .vpc(network.vpc())
                // Both zones: a zone's failure leaves the other zone's hosts (and routes) up.
                .vpcSubnets(
                        SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .launchTemplate(template)
                .minCapacity(scaling.minHosts())
                .maxCapacity(scaling.maxHosts())
                // A failed instance status check replaces the host; readiness is judged on the
                // host (voicebridge-watchdog), which marks it Unhealthy itself.
                .healthChecks(HealthChecks.ec2(Ec2HealthChecksOptions.builder()
                        .gracePeriod(LAUNCH_TIMEOUT)
                        .build()))
                // New instances first, so capacity never dips during a refresh.
                .defaultInstanceWarmup(Duration.minutes(5));
        scaling.desiredHosts().ifPresent(builder::desiredCapacity);
        group = builder.build();

        LifecycleHook.Builder.create(this, "LaunchHook")
                .autoScalingGroup(group)
                .lifecycleHookName(LAUNCH_HOOK)
                .lifecycleTransition(LifecycleTransition.INSTANCE_LAUNCHING)
                .heartbeatTimeout(LAUNCH_TIMEOUT)
                // Never ready, never joined: replace it rather than count it as capacity.
                .defaultResult(DefaultResult.ABANDON)
                .build();
        LifecycleHook.Builder.create(this, "TerminateHook")
                .autoScalingGroup(group)
                .lifecycleHookName(TERMINATE_HOOK)
                .lifecycleTransition(LifecycleTransition.INSTANCE_TERMINATING)
                .heartbeatTimeout(TERMINATE_HEARTBEAT_TIMEOUT)
                .defaultResult(DefaultResult.CONTINUE)
                .build();

        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "autoscaling:RecordLifecycleActionHeartbeat",
                        "autoscaling:CompleteLifecycleAction",
                        "autoscaling:SetInstanceHealth"))
                .resources(List.of(groupArnPattern(this)))
                .build());
        Stack stack = Stack.of(this);
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("events:PutEvents"))
                .resources(List.of("arn:" + stack.getPartition() + ":events:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":event-bus/default"))
                .conditions(Map.of("StringEquals", Map.of("events:source", GatewayGroupScript.READY_SOURCE)))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                .resources(List.of(metricsLogs.getLogGroupArn()))
                .build());

        // The SSM agent, so the route manager can run the drain document on a leaving host (Run
        // Command only, not Session Manager). ec2messages has no resource type: AWS requires "*".
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:UpdateInstanceInformation"))
                .resources(List.of("arn:" + stack.getPartition() + ":ec2:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":instance/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "ec2messages:AcknowledgeMessage",
                        "ec2messages:DeleteMessage",
                        "ec2messages:FailMessage",
                        "ec2messages:GetEndpoint",
                        "ec2messages:GetMessages",
                        "ec2messages:SendReply"))
                .resources(List.of("*"))
                .build());
        drainDocument = new DrainDocument(this, "DrainDocument");

        targetTracking(scaling.targetUtilization());
    }

    /** Keeps the group's calls at {@code percent} of its capacity: 100 × Σ active / Σ limit. */
    private void targetTracking(int percent) {
        CfnScalingPolicy.Builder.create(this, "CallUtilization")
                .autoScalingGroupName(group.getAutoScalingGroupName())
                .policyType("TargetTrackingScaling")
                .targetTrackingConfiguration(CfnScalingPolicy.TargetTrackingConfigurationProperty.builder()
                        .targetValue(percent)
                        .customizedMetricSpecification(CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                                .metrics(List.of(
                                        gauge("active", "voicebridge_calls_active"),
                                        gauge("capacity", "voicebridge_calls_limit"),
                                        CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                                                .id("utilization")
                                                .expression("100 * active / capacity")
                                                .label("Share of the group's call capacity in use (%)")
                                                .returnData(true)
                                                .build()))
                                .build())
                        .build())
                .build();
    }

    private CfnScalingPolicy.TargetTrackingMetricDataQueryProperty gauge(String id, String metricName) {
        return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
                .id(id)
                .returnData(false)
                .metricStat(CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                        .metric(CfnScalingPolicy.MetricProperty.builder()
                                .namespace(GatewayGroupScript.METRICS_NAMESPACE)
                                .metricName(metricName)
                                .dimensions(List.of(CfnScalingPolicy.MetricDimensionProperty.builder()
                                        .name("AutoScalingGroupName")
                                        .value(name)
                                        .build()))
                                .build())
                        // One data point per host per minute: the sum is the group's total.
                        .stat("Sum")
                        .build())
                .build();
    }

    /** Fixed, so hosts, hooks and the route manager can name the group without a reference cycle. */
    public static String groupName(Stack stack) {
        return stack.getStackName() + "-gateways";
    }

    /** The group's ARN (its id part is generated, hence the one wildcard). */
    public static String groupArnPattern(Construct scope) {
        Stack stack = Stack.of(scope);
        return "arn:" + stack.getPartition() + ":autoscaling:" + stack.getRegion() + ":" + stack.getAccount()
                + ":autoScalingGroup:*:autoScalingGroupName/" + groupName(stack);
    }

    public AutoScalingGroup group() {
        return group;
    }

    public String name() {
        return name;
    }

    public DrainDocument drainDocument() {
        return drainDocument;
    }

    public LogGroup metricsLogs() {
        return metricsLogs;
    }
}
