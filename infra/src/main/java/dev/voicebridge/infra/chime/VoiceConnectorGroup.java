package dev.voicebridge.infra.chime;

import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.arnPattern;
import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.call;
import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.resource;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.PhysicalResourceIdReference;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * A Voice Connector group over the gateway connectors, when the gateways outgrow one connector's 10
 * origination routes: the SMA bridges to the group instead of one connector. Every connector gets
 * the same priority, so none is only a fallback; whether Chime then spreads calls across them or
 * fills them in an order is not documented (infra README, "Capacity plan").
 */
public final class VoiceConnectorGroup extends Construct {

    private final AwsCustomResource group;

    public VoiceConnectorGroup(Construct scope, String id, String name, List<VoiceConnector> members) {
        super(scope, id);
        if (members.size() < 2) {
            throw new IllegalArgumentException(
                    "a Voice Connector group needs two or more connectors, got " + members.size());
        }
        List<Map<String, Object>> items = members.stream()
                .map(member -> Map.<String, Object>of("VoiceConnectorId", member.voiceConnectorId(), "Priority", 1))
                .toList();
        group = resource(
                this,
                "Resource",
                call(
                        "CreateVoiceConnectorGroup",
                        Map.of("Name", name, "VoiceConnectorItems", items),
                        PhysicalResourceId.fromResponse("VoiceConnectorGroup.VoiceConnectorGroupId")),
                call(
                        "UpdateVoiceConnectorGroup",
                        Map.of(
                                "VoiceConnectorGroupId",
                                new PhysicalResourceIdReference(),
                                "Name",
                                name,
                                "VoiceConnectorItems",
                                items),
                        PhysicalResourceId.fromResponse("VoiceConnectorGroup.VoiceConnectorGroupId")),
                call("DeleteVoiceConnectorGroup", Map.of("VoiceConnectorGroupId", new PhysicalResourceIdReference())),
                List.of(
                        // AWS requires "*": CreateVoiceConnectorGroup has no resource-level permission.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:CreateVoiceConnectorGroup"))
                                .resources(List.of("*"))
                                .build(),
                        // The group's id exists only after the create call of this same resource.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:UpdateVoiceConnectorGroup", "chime:DeleteVoiceConnectorGroup"))
                                .resources(List.of(arnPattern(this, "vcg")))
                                .build()));
        // The group must go before its connectors on deletion, and come after them on creation.
        members.forEach(member -> group.getNode().addDependency(member));
    }

    public String voiceConnectorGroupArn() {
        return group.getResponseField("VoiceConnectorGroup.VoiceConnectorGroupArn");
    }
}
