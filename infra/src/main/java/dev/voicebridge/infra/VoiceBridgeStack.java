package dev.voicebridge.infra;

import dev.voicebridge.infra.chime.SipMediaApplication;
import dev.voicebridge.infra.chime.SipRule;
import dev.voicebridge.infra.chime.VoiceConnector;
import dev.voicebridge.infra.chime.VoiceConnector.OriginationRoute;
import dev.voicebridge.infra.chime.VoiceConnectorGroup;
import dev.voicebridge.infra.data.CallPlacementTable;
import dev.voicebridge.infra.data.CallRegistryTable;
import dev.voicebridge.infra.data.CallTranscriptTable;
import dev.voicebridge.infra.data.RecordingBucket;
import dev.voicebridge.infra.gateway.AdminLoadBalancer;
import dev.voicebridge.infra.gateway.GatewayHost;
import dev.voicebridge.infra.gateway.GatewayNetwork;
import dev.voicebridge.infra.gateway.GatewaySecrets;
import dev.voicebridge.infra.gateway.GatewaySipTls;
import dev.voicebridge.infra.lambda.SmaLambda;
import dev.voicebridge.infra.routes.RouteManagerFunction;
import dev.voicebridge.infra.settings.DeploymentSettings;
import dev.voicebridge.infra.settings.GatewayScaling;
import dev.voicebridge.infra.streaming.StreamingEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.Token;
import software.constructs.Construct;

/**
 * Everything VoiceBridge needs on AWS, wired along the real call path:
 * <pre>
 * PSTN -> phone number -> SIP rule (ToPhoneNumber) -> SIP media application -> SMA Lambda
 *      -> CallAndBridge (AWS) -> gateway Voice Connector -> origination route -> gateway host (EIP)
 * your SBC -> inbound Voice Connector (termination) -> SIP rule (RequestUriHostname) -> same SMA
 * </pre>
 * Loop safety: the gateway connector's only origination routes are the gateway's own address, and
 * no SIP rule is triggered by the gateway connector's host name; the SMA Lambda also refuses to
 * start if its bridge target is the inbound connector (SMA_INBOUND_VOICE_CONNECTOR_ARN).
 */
public final class VoiceBridgeStack extends Stack {

    private final StackParameters parameters;

    public VoiceBridgeStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
        super(scope, id, props);
        parameters = new StackParameters(this);
        String prefix = getStackName();

        CallRegistryTable table = new CallRegistryTable(this, "CallRegistry");
        CallTranscriptTable transcripts = new CallTranscriptTable(this, "CallTranscripts");
        RecordingBucket recordings = new RecordingBucket(this, "Recordings");
        CallPlacementTable placements = new CallPlacementTable(this, "CallPlacements");
        // The gateway connector is encrypted unless plain SIP/RTP was chosen (-c sipEncryption=false).
        // The inbound connector faces your own SBC, whose TLS this stack does not know: off.
        VoiceConnector gatewayConnector =
                new VoiceConnector(this, "GatewayVoiceConnector", prefix + "-gateway", settings.sipEncryption());
        // More than 10 gateway hosts: more connectors (10 routes each) behind a group the SMA bridges to.
        int connectors =
                settings.autoScaling().map(GatewayScaling::voiceConnectors).orElse(1);
        List<VoiceConnector> gatewayConnectors = new ArrayList<>(List.of(gatewayConnector));
        for (int i = 2; i <= connectors; i++) {
            gatewayConnectors.add(new VoiceConnector(
                    this, "GatewayVoiceConnector" + i, prefix + "-gateway-" + i, settings.sipEncryption()));
        }
        String bridgeTarget = connectors == 1
                ? gatewayConnector.voiceConnectorArn()
                : new VoiceConnectorGroup(this, "GatewayVoiceConnectorGroup", prefix + "-gateways", gatewayConnectors)
                        .voiceConnectorGroupArn();
        VoiceConnector inboundConnector = new VoiceConnector(this, "InboundVoiceConnector", prefix + "-inbound", false);
        Optional<GatewaySipTls> sipTls =
                settings.sipEncryption() ? Optional.of(new GatewaySipTls(this)) : Optional.empty();

        SmaLambda lambda = new SmaLambda(
                this,
                "SmaLambda",
                settings.smaLambdaJar(),
                new SmaLambda.Wiring(
                        bridgeTarget,
                        inboundConnector.voiceConnectorArn(),
                        parameters.callMode.getValueAsString(),
                        Token.asString(Fn.conditionIf(
                                parameters.transferCallerIdSet.getLogicalId(),
                                parameters.transferCallerId.getValueAsString(),
                                parameters.phoneNumber.getValueAsString())),
                        parameters.transferNumber.getValueAsString(),
                        table.tableName(),
                        table.tableArn(),
                        parameters.registryTtlDays.getValueAsString(),
                        parameters.meetingModeOn));
        lambda.allowChimeVoiceToInvoke();

        SipMediaApplication sma = new SipMediaApplication(
                this, "SipMediaApplication", prefix, lambda.alias().getFunctionArn());
        // The SMA must find the invoke permission in place when it is created.
        sma.getNode().addDependency(lambda.alias());
        new SipRule(
                this,
                "PhoneNumberRule",
                prefix + "-number",
                SipRule.Trigger.ToPhoneNumber,
                parameters.phoneNumber.getValueAsString(),
                sma);
        new SipRule(
                this,
                "InboundTrunkRule",
                prefix + "-trunk",
                SipRule.Trigger.RequestUriHostname,
                inboundConnector.outboundHostName(),
                sma);
        if (!settings.inboundTrunkCidrs().isEmpty()) {
            inboundConnector.termination(settings.inboundTrunkCidrs(), List.of("US"));
        }

        GatewayNetwork network = new GatewayNetwork(this, "GatewayNetwork", settings);
        GatewaySecrets secrets = new GatewaySecrets(this, "GatewaySecrets");
        GatewayHost host = new GatewayHost(
                this,
                "Gateway",
                settings,
                network,
                new GatewayHost.Wiring(
                        sma.sipMediaApplicationArn(),
                        sma.sipMediaApplicationId(),
                        parameters.outboundAllowedPrefixes.getValueAsString(),
                        table,
                        transcripts,
                        recordings,
                        placements,
                        parameters.registryTtlDays.getValueAsString(),
                        parameters.azureEndpoint.getValueAsString(),
                        parameters.azureDeployment.getValueAsString(),
                        parameters.azureApiVersion.getValueAsString(),
                        parameters.azureVoice.getValueAsString(),
                        parameters.transferNumber.getValueAsString(),
                        secrets,
                        settings.enableSsm(),
                        sipTls));

        // The gateway connector routes only to the gateway hosts (equal weights spread calls across
        // hosts); its termination stays off, so nothing can dial in through it. Encrypted: one TLS
        // route per host, by name (the certificate's), protocol TCP, the only one the API has besides
        // UDP ("Encryption-enabled Amazon Chime SDK Voice Connectors use TCP protocol by default",
        // OriginationRoute.Protocol). Plain: UDP first, TCP for INVITEs too large for a datagram.
        if (host.group().isPresent()) {
            // The group's hosts come and go: the route manager is then the routes' only writer.
            RouteManagerFunction routeManager = new RouteManagerFunction(
                    this,
                    "RouteManager",
                    settings.routeManagerJar(),
                    host.group().get(),
                    gatewayConnectors.stream()
                            .map(VoiceConnector::voiceConnectorId)
                            .toList(),
                    gatewayConnectors.stream()
                            .map(VoiceConnector::voiceConnectorArn)
                            .toList());
            output("GatewayAutoScalingGroup", host.group().get().name(), "The gateway hosts");
            output(
                    "RouteManagerDeadLetterQueue",
                    routeManager.deadLetters().getQueueUrl(),
                    "Lifecycle events the route manager could not handle");
        } else {
            List<OriginationRoute> routes = new ArrayList<>();
            if (sipTls.isPresent()) {
                for (int i = 0; i < host.nodes().size(); i++) {
                    routes.add(new OriginationRoute(
                            sipTls.get().hostName(i), DeploymentSettings.SIP_TLS_PORT, "TCP", 1, 1));
                }
            } else {
                for (GatewayHost.Node node : host.nodes()) {
                    routes.add(new OriginationRoute(node.publicIp(), DeploymentSettings.SIP_PORT, "UDP", 1, 1));
                }
                for (GatewayHost.Node node : host.nodes()) {
                    routes.add(new OriginationRoute(node.publicIp(), DeploymentSettings.SIP_PORT, "TCP", 2, 1));
                }
            }
            gatewayConnector.origination(routes);
            output(
                    "GatewayPublicIps",
                    Fn.join(
                            ",",
                            host.nodes().stream()
                                    .map(GatewayHost.Node::publicIp)
                                    .toList()),
                    "SDP addresses of the gateway hosts (and origination route hosts on a plain trunk)");
            sipTls.ifPresent(tls -> output(
                    "GatewaySipHostNames",
                    Fn.join(
                            ",",
                            java.util.stream.IntStream.range(0, host.nodes().size())
                                    .mapToObj(tls::hostName)
                                    .toList()),
                    "Encrypted trunk: create these A records, in the order of GatewayPublicIps"));
            output(
                    "GatewayInstanceIds",
                    Fn.join(
                            ",",
                            host.nodes().stream()
                                    .map(n -> n.instance().getInstanceId())
                                    .toList()),
                    "The gateway hosts");
        }
        gatewayConnector.streaming(settings.streamingRetentionHours(), parameters.streamingOn);
        StreamingEvents streamingEvents = new StreamingEvents(
                this, "StreamingEvents", gatewayConnector.voiceConnectorId(), parameters.streamingOn);

        settings.adminCertificateArn().ifPresent(certificate -> {
            AdminLoadBalancer alb = new AdminLoadBalancer(
                    this,
                    "AdminLoadBalancer",
                    network,
                    host,
                    certificate,
                    parameters.adminAllowedCidr.getValueAsString());
            output(
                    "AdminUrl",
                    "https://" + alb.dnsName(),
                    "Admin API, health and WebSocket /media (bearer tokens in the secrets)");
        });

        output("DialNumber", parameters.phoneNumber.getValueAsString(), "Dial this number to reach the assistant");
        output("SipMediaApplicationId", sma.sipMediaApplicationId(), "The SIP media application");
        output("GatewayVoiceConnectorArn", gatewayConnector.voiceConnectorArn(), "Bridge target of the SMA Lambda");
        output(
                "InboundVoiceConnectorHost",
                inboundConnector.outboundHostName(),
                "Send calls from your own SBC here (after enabling termination)");
        output("GatewayLogGroup", host.logGroup().getLogGroupName(), "Gateway container logs");
        output("SmaLambdaLogGroup", lambda.logGroup().getLogGroupName(), "SMA Lambda logs");
        output("CallRegistryTable", table.tableName(), "DynamoDB call registry");
        output(
                "AzureApiKeySecretArn",
                secrets.azureApiKey().getSecretArn(),
                "Put the Azure OpenAI key here (aws secretsmanager put-secret-value)");
        output("AdminTokenSecretArn", secrets.adminToken().getSecretArn(), "GATEWAY_ADMIN_TOKEN");
        output("MediaTokenSecretArn", secrets.mediaToken().getSecretArn(), "GATEWAY_MEDIA_TOKEN");
        CfnOutput streamingLog = output(
                "StreamingEventsLogGroup",
                streamingEvents.logGroup().getLogGroupName(),
                "Voice Connector streaming status events (EnableStreaming=true)");
        streamingLog.setCondition(parameters.streamingOn);

        Tags.of(this).add("project", "voicebridge");
    }

    private CfnOutput output(String id, String value, String description) {
        return CfnOutput.Builder.create(this, id)
                .value(value)
                .description(description)
                .build();
    }

    public StackParameters parameters() {
        return parameters;
    }
}
