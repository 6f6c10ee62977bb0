package dev.voicebridge.infra.chime;

import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.arnPattern;
import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.call;
import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.resource;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.PhysicalResourceIdReference;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * An Amazon Chime SDK Voice Connector and, optionally, its origination routes, termination
 * allowlist and streaming configuration, each its own custom resource so CloudFormation deletes
 * them in the right order (settings first, connector last).
 */
public final class VoiceConnector extends Construct {

    /** One origination route: where the connector sends the calls bridged into it. */
    public record OriginationRoute(String host, int port, String protocol, int priority, int weight) {
        public OriginationRoute {
            if (!protocol.equals("UDP") && !protocol.equals("TCP")) {
                throw new IllegalArgumentException("origination route protocol must be UDP or TCP, got " + protocol);
            }
            if (priority < 1 || priority > 100 || weight < 1 || weight > 100) {
                throw new IllegalArgumentException(
                        "origination route priority and weight must be 1..100, got " + priority + "/" + weight);
            }
        }

        Map<String, Object> toApi() {
            return Map.of("Host", host, "Port", port, "Protocol", protocol, "Priority", priority, "Weight", weight);
        }
    }

    private final AwsCustomResource connector;

    /**
     * {@code requireEncryption}: SIP over TLS and SRTP on this connector's calls ("Inbound calls use
     * TLS transport, and unencrypted outbound calls are blocked", AWS, Creating a Voice Connector).
     */
    public VoiceConnector(Construct scope, String id, String name, boolean requireEncryption) {
        super(scope, id);
        String region = Stack.of(this).getRegion();
        Map<String, Object> create = Map.of("Name", name, "AwsRegion", region, "RequireEncryption", requireEncryption);
        Map<String, Object> update = Map.of(
                "VoiceConnectorId",
                new PhysicalResourceIdReference(),
                "Name",
                name,
                "RequireEncryption",
                requireEncryption);
        connector = resource(
                this,
                "Resource",
                call(
                        "CreateVoiceConnector",
                        create,
                        PhysicalResourceId.fromResponse("VoiceConnector.VoiceConnectorId")),
                call(
                        "UpdateVoiceConnector",
                        update,
                        PhysicalResourceId.fromResponse("VoiceConnector.VoiceConnectorId")),
                call("DeleteVoiceConnector", Map.of("VoiceConnectorId", new PhysicalResourceIdReference())),
                List.of(
                        // AWS requires "*": CreateVoiceConnector has no resource-level permission
                        // (Service Authorization Reference, Amazon Chime: no resource type).
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:CreateVoiceConnector"))
                                .resources(List.of("*"))
                                .build(),
                        // The connector's id exists only after CreateVoiceConnector, inside this same
                        // resource, so its update/delete can only be scoped to this account's connectors.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:UpdateVoiceConnector", "chime:DeleteVoiceConnector"))
                                .resources(List.of(arnPattern(this, "vc")))
                                .build(),
                        voiceConnectorServiceLinkedRole(this)));
    }

    public String voiceConnectorId() {
        return connector.getResponseField("VoiceConnector.VoiceConnectorId");
    }

    public String voiceConnectorArn() {
        return connector.getResponseField("VoiceConnector.VoiceConnectorArn");
    }

    /** {@code <id>.voiceconnector.chime.aws}: the host a RequestUriHostname SIP rule matches. */
    public String outboundHostName() {
        return connector.getResponseField("VoiceConnector.OutboundHostName");
    }

    /** Where calls bridged into this connector go: here, only the VoiceBridge gateway. */
    public AwsCustomResource origination(List<OriginationRoute> routes) {
        if (routes.isEmpty() || routes.size() > 10) {
            throw new IllegalArgumentException(
                    "a Voice Connector takes 1 to 10 origination routes, got " + routes.size());
        }
        Map<String, Object> put = Map.of(
                "VoiceConnectorId",
                voiceConnectorId(),
                "Origination",
                Map.of("Routes", routes.stream().map(OriginationRoute::toApi).toList(), "Disabled", false));
        String physicalId = "origination";
        return resource(
                this,
                "Origination",
                call("PutVoiceConnectorOrigination", put, PhysicalResourceId.of(physicalId)),
                call("PutVoiceConnectorOrigination", put, PhysicalResourceId.of(physicalId)),
                call("DeleteVoiceConnectorOrigination", Map.of("VoiceConnectorId", voiceConnectorId())),
                List.of(onThisConnector(
                        "chime:PutVoiceConnectorOrigination", "chime:DeleteVoiceConnectorOrigination")));
    }

    /** Lets your own SBC/PBX at {@code cidrs} send calls into this connector (SIP trunk ingress). */
    public AwsCustomResource termination(List<String> cidrs, List<String> callingRegions) {
        Map<String, Object> put = Map.of(
                "VoiceConnectorId",
                voiceConnectorId(),
                "Termination",
                Map.of("CidrAllowedList", cidrs, "CallingRegions", callingRegions, "Disabled", false));
        return resource(
                this,
                "Termination",
                call("PutVoiceConnectorTermination", put, PhysicalResourceId.of("termination")),
                call("PutVoiceConnectorTermination", put, PhysicalResourceId.of("termination")),
                call("DeleteVoiceConnectorTermination", Map.of("VoiceConnectorId", voiceConnectorId())),
                List.of(onThisConnector(
                        "chime:PutVoiceConnectorTermination", "chime:DeleteVoiceConnectorTermination")));
    }

    /**
     * Streams the connector's call audio to Kinesis Video Streams (one stream per leg, receive
     * only) with status events on EventBridge. Created only when {@code condition} holds.
     */
    public AwsCustomResource streaming(int retentionHours, CfnCondition condition) {
        Map<String, Object> put = Map.of(
                "VoiceConnectorId",
                voiceConnectorId(),
                "StreamingConfiguration",
                Map.of(
                        "DataRetentionInHours",
                        retentionHours,
                        "Disabled",
                        false,
                        "StreamingNotificationTargets",
                        List.of(Map.of("NotificationTarget", "EventBridge"))));
        AwsCustomResource streaming = resource(
                this,
                "Streaming",
                call("PutVoiceConnectorStreamingConfiguration", put, PhysicalResourceId.of("streaming")),
                call("PutVoiceConnectorStreamingConfiguration", put, PhysicalResourceId.of("streaming")),
                call("DeleteVoiceConnectorStreamingConfiguration", Map.of("VoiceConnectorId", voiceConnectorId())),
                List.of(
                        onThisConnector(
                                "chime:PutVoiceConnectorStreamingConfiguration",
                                "chime:DeleteVoiceConnectorStreamingConfiguration"),
                        voiceConnectorServiceLinkedRole(this)));
        ChimeSdkVoiceCalls.cfnResource(streaming).getCfnOptions().setCondition(condition);
        // Its permissions exist only while streaming is on, too.
        ChimeSdkVoiceCalls.cfnResource(streaming.getNode().findChild("CustomResourcePolicy"))
                .getCfnOptions()
                .setCondition(condition);
        return streaming;
    }

    /**
     * Chime creates its service-linked role (Kinesis Video Streams for streaming, Polly for the
     * SMA's Speak action) on first use, on behalf of the caller: allowed for that one role only.
     */
    static PolicyStatement voiceConnectorServiceLinkedRole(Construct scope) {
        Stack stack = Stack.of(scope);
        return PolicyStatement.Builder.create()
                .actions(List.of("iam:CreateServiceLinkedRole"))
                .resources(
                        List.of(
                                "arn:" + stack.getPartition() + ":iam::" + stack.getAccount()
                                        + ":role/aws-service-role/voiceconnector.chime.amazonaws.com/AWSServiceRoleForAmazonChimeVoiceConnector"))
                .conditions(Map.of("StringEquals", Map.of("iam:AWSServiceName", "voiceconnector.chime.amazonaws.com")))
                .build();
    }

    private PolicyStatement onThisConnector(String... actions) {
        return PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(voiceConnectorArn()))
                .build();
    }
}
