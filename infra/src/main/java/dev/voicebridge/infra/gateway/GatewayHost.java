package dev.voicebridge.infra.gateway;

import dev.voicebridge.infra.data.CallPlacementTable;
import dev.voicebridge.infra.data.CallRegistryTable;
import dev.voicebridge.infra.data.CallTranscriptTable;
import dev.voicebridge.infra.data.RecordingBucket;
import dev.voicebridge.infra.settings.DeploymentSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.CfnEIPAssociation;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.Instance;
import software.amazon.awscdk.services.ec2.InstanceArchitecture;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The gateway hosts: EC2 instances, each with its own Elastic IP, running the gateway container
 * with host networking (one by default; {@code -c gatewayHosts=N}). They share one role, one log
 * group and one image. With {@code -c gatewayAutoScaling=true} the same role, environment, image
 * and boot script go into a {@link GatewayGroup} instead, and there are no fixed hosts.
 *
 * <p>Why not Fargate behind a Network Load Balancer: RTP needs one UDP port pair per call from a
 * range of hundreds or thousands of ports, on the very address the gateway advertises in its SDP.
 * An NLB listens on single ports (50 listeners per load balancer), and a Fargate task's public IP
 * changes with every task, while the Voice Connector's origination route and the SDP both need
 * one stable address. An Elastic IP on an instance gives that address, host networking gives the
 * whole port range without per-port NAT, and the origination route points straight at it.
 * Scaling out is more hosts, each with its own Elastic IP as another origination route (a Voice
 * Connector takes up to 10, balanced by priority and weight).
 */
public final class GatewayHost extends Construct {

    public static final String CONTAINER = "voicebridge-gateway";
    /** How long systemd/docker wait for the gateway's SIGTERM drain before killing it. */
    public static final int STOP_TIMEOUT_SECONDS = 120;
    /** How long the gateway lets active calls finish after SIGTERM (GATEWAY_DRAIN_TIMEOUT). */
    public static final int DRAIN_TIMEOUT_SECONDS = 90;

    /** Values from the rest of the stack that end up in the gateway's environment. */
    public record Wiring(
            String sipMediaApplicationArn,
            String sipMediaApplicationId,
            String outboundAllowedPrefixes,
            CallRegistryTable table,
            CallTranscriptTable transcripts,
            RecordingBucket recordings,
            CallPlacementTable placements,
            String callRegistryTtlDays,
            String azureEndpoint,
            String azureDeployment,
            String azureApiVersion,
            String azureVoice,
            String transferNumber,
            GatewaySecrets secrets,
            boolean enableSsm,
            Optional<GatewaySipTls> sipTls) {}

    /** One gateway host: an instance and the Elastic IP it answers SIP and RTP on. */
    public record Node(Instance instance, CfnEIP publicAddress) {
        /** The origination route's host and the address in this host's SDP. */
        public String publicIp() {
            return publicAddress.getRef();
        }
    }

    private final List<Node> nodes;
    private final Optional<GatewayGroup> group;
    private final Role role;
    private final LogGroup logGroup;
    private final String imageUri;

    public GatewayHost(Construct scope, String id, DeploymentSettings settings, GatewayNetwork network, Wiring wiring) {
        super(scope, id);
        Stack stack = Stack.of(this);
        InstanceType instanceType = new InstanceType(settings.instanceType());
        boolean arm = instanceType.getArchitecture() == InstanceArchitecture.ARM_64;

        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(
                        "VoiceBridge gateway host: calls placed and updated on its SMA, console meetings, its table, its secrets, its logs, its image")
                .build();
        // Placing calls (POST /api/calls) and steering them (hang-up, transfer) on this stack's SMA only.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("chime:CreateSipMediaApplicationCall", "chime:UpdateSipMediaApplicationCall"))
                .resources(List.of(wiring.sipMediaApplicationArn()))
                .build());
        // POST /api/meetings: a meeting and the console's attendee, and ending a meeting whose dial failed.
        // AWS requires "*" for chime:CreateMeeting (no resource-level permission); the rest is this
        // account's meetings in this Region.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("chime:CreateMeeting"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("chime:CreateAttendee", "chime:DeleteMeeting"))
                .resources(List.of("arn:" + stack.getPartition() + ":chime:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":meeting/*"))
                .build());
        role.addToPolicy(wiring.table().allowWithStateIndex(CallRegistryTable.ADMIN_ACTIONS));
        role.addToPolicy(wiring.transcripts().allow(CallTranscriptTable.GATEWAY_ACTIONS));
        // Recordings of the profiles that record: added under the prefix, never read or listed.
        role.addToPolicy(wiring.recordings().allowPut());
        role.addToPolicy(wiring.placements().allow(CallPlacementTable.GATEWAY_ACTIONS));
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(wiring.secrets().arns())
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        wiring.sipTls().ifPresent(tls -> role.addToPolicy(tls.certificateAccess()));
        if (wiring.enableSsm()) {
            // Opt-in (-c enableSsm=true): the AWS-managed policy Session Manager needs uses "*".
            role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore"));
        }

        Optional<String> ecrRegistry;
        if (settings.gatewayImage().isPresent()) {
            imageUri = settings.gatewayImage().get();
            ecrRegistry = EcrImage.parse(imageUri).map(image -> {
                grantPull(image.repositoryArn(stack.getPartition()));
                return image.registry();
            });
        } else {
            DockerImageAsset asset = DockerImageAsset.Builder.create(this, "Image")
                    .directory(settings.repositoryRoot().toString())
                    .file("infra/docker/gateway.Dockerfile")
                    .platform(arm ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64)
                    // The build needs the Dockerfile and the gateway jar only; everything else in the
                    // repository (sources, .git, other modules' targets) stays out of the context.
                    .exclude(List.of(
                            "**",
                            "!infra/docker/gateway.Dockerfile",
                            "!gateway-service/target/gateway-service-*-exec.jar"))
                    .build();
            imageUri = asset.getImageUri();
            grantPull(asset.getRepository().getRepositoryArn());
            ecrRegistry =
                    Optional.of(stack.getAccount() + ".dkr.ecr." + stack.getRegion() + "." + stack.getUrlSuffix());
        }

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SERVER_PORT", Integer.toString(DeploymentSettings.SERVER_PORT));
        environment.put("AWS_REGION", stack.getRegion());
        environment.put("AZURE_OPENAI_ENDPOINT", wiring.azureEndpoint());
        environment.put("AZURE_OPENAI_DEPLOYMENT", wiring.azureDeployment());
        environment.put("AZURE_OPENAI_API_VERSION", wiring.azureApiVersion());
        environment.put("AZURE_OPENAI_VOICE", wiring.azureVoice());
        environment.put("GATEWAY_TRANSFER_NUMBER", wiring.transferNumber());
        environment.put("GATEWAY_SMA_ID", wiring.sipMediaApplicationId());
        environment.put("GATEWAY_OUTBOUND_ALLOWED_PREFIXES", wiring.outboundAllowedPrefixes());
        environment.put("GATEWAY_SIP_PORT", Integer.toString(DeploymentSettings.SIP_PORT));
        environment.put("GATEWAY_RTP_PORT_MIN", Integer.toString(settings.rtpPortMin()));
        environment.put("GATEWAY_RTP_PORT_MAX", Integer.toString(settings.rtpPortMax()));
        // One RTP/RTCP pair per call: the port range is the host's call capacity.
        environment.put("GATEWAY_MAX_CALLS", Integer.toString(settings.maxCallsByRtpRange()));
        environment.put("GATEWAY_SIP_MAX_DIALOGS", Integer.toString(settings.maxCallsByRtpRange()));
        environment.put("GATEWAY_SIP_ALLOWED_CIDRS", GatewayNetwork.allowedCidrs(settings));
        if (wiring.sipTls().isPresent()) {
            environment.putAll(GatewaySipTls.environment());
        }
        // Drain (90 s) plus the gateway's hang-up of what is left (GATEWAY_DRAIN_HANGUP_TIMEOUT_MS,
        // 15 s) ends before docker's stop timeout (STOP_TIMEOUT_SECONDS) would kill the process.
        environment.put("GATEWAY_DRAIN_TIMEOUT", DRAIN_TIMEOUT_SECONDS + "s");
        environment.put("CALL_REGISTRY_TABLE", wiring.table().tableName());
        environment.put("CALL_REGISTRY_TTL_DAYS", wiring.callRegistryTtlDays());
        environment.put("CALL_TRANSCRIPT_TABLE", wiring.transcripts().tableName());
        environment.put("GATEWAY_RECORDING_BUCKET", wiring.recordings().bucketName());
        environment.put("GATEWAY_RECORDING_PREFIX", RecordingBucket.PREFIX);
        environment.put("CALL_PLACEMENT_TABLE", wiring.placements().tableName());

        // IMDSv2 is required through each instance's own launch template (requireImdsv2 below);
        // CDK's aspect then reports that it cannot toggle it a second time.
        Annotations.of(stack)
                .acknowledgeWarning(
                        "@aws-cdk/aws-ec2:imdsv2RequireImdsv2Aspect",
                        "IMDSv2 is required through the instance's own launch template");
        IMachineImage image = MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                .cpuType(arm ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
                .build());
        Optional<String> registry = ecrRegistry;
        if (settings.autoScaling().isPresent()) {
            // Each host learns its own public address at boot (GatewayGroupScript), so the shared
            // environment carries none.
            group = Optional.of(new GatewayGroup(
                    this,
                    "Group",
                    settings.autoScaling().get(),
                    network,
                    role,
                    instanceType,
                    image,
                    extras -> GatewayBootScript.lines(
                            stack.getRegion(),
                            environment,
                            wiring.secrets(),
                            registry,
                            imageUri,
                            logGroup.getLogGroupName(),
                            Optional.empty(), // an encrypted trunk is refused with a group (DeploymentSettings)
                            extras)));
            nodes = List.of();
            return;
        }
        group = Optional.empty();
        List<ISubnet> subnets = network.vpc().getPublicSubnets();
        List<Node> created = new ArrayList<>();
        for (int i = 0; i < settings.gatewayHosts(); i++) {
            // The first host keeps the ids a one-host stack always had, so adding hosts later
            // does not replace it.
            String suffix = i == 0 ? "" : Integer.toString(i + 1);
            CfnEIP address = CfnEIP.Builder.create(this, "PublicAddress" + suffix)
                    .domain("vpc")
                    .build();
            Map<String, String> hostEnvironment = new LinkedHashMap<>(environment);
            hostEnvironment.put("GATEWAY_PUBLIC_ADDRESS", address.getRef());
            UserData userData = UserData.forLinux();
            userData.addCommands(GatewayBootScript.lines(
                            stack.getRegion(),
                            hostEnvironment,
                            wiring.secrets(),
                            ecrRegistry,
                            imageUri,
                            logGroup.getLogGroupName(),
                            wiring.sipTls(),
                            GatewayBootScript.Extras.NONE)
                    .toArray(String[]::new));
            Instance instance = Instance.Builder.create(this, "Instance" + suffix)
                    .vpc(network.vpc())
                    // Hosts alternate between the two zones, so one zone's failure leaves routes up.
                    .vpcSubnets(SubnetSelection.builder()
                            .subnets(List.of(subnets.get(i % subnets.size())))
                            .build())
                    .instanceType(instanceType)
                    .machineImage(image)
                    .securityGroup(network.sipRtpSecurityGroup())
                    .role(role)
                    .userData(userData)
                    // A new image or setting replaces the host: the Elastic IP moves to the new one,
                    // so the origination route and the SDP address stay the same.
                    .userDataCausesReplacement(true)
                    .requireImdsv2(true)
                    .blockDevices(List.of(rootVolume()))
                    .build();
            CfnEIPAssociation.Builder.create(this, "PublicAddressAssociation" + suffix)
                    .allocationId(address.getAttrAllocationId())
                    .instanceId(instance.getInstanceId())
                    .build();
            created.add(new Node(instance, address));
        }
        nodes = List.copyOf(created);
    }

    private void grantPull(String repositoryArn) {
        // AWS requires "*" for ecr:GetAuthorizationToken (it has no resource type); the layers are
        // read from this one repository only.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"))
                .resources(List.of(repositoryArn))
                .build());
    }

    /** The fixed hosts; none when the gateways are an Auto Scaling group. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The Auto Scaling group, with {@code -c gatewayAutoScaling=true}. */
    public Optional<GatewayGroup> group() {
        return group;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }

    public String imageUri() {
        return imageUri;
    }

    /** The root volume of every gateway host, fixed or in the group: 20 GB of encrypted gp3. */
    static BlockDevice rootVolume() {
        return BlockDevice.builder()
                .deviceName("/dev/xvda")
                .volume(BlockDeviceVolume.ebs(
                        20,
                        EbsDeviceOptions.builder()
                                .volumeType(EbsDeviceVolumeType.GP3)
                                .encrypted(true)
                                .build()))
                .build();
    }
}
