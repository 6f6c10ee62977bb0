package dev.voicebridge.infra.chime;

import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.call;
import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.resource;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.PhysicalResourceIdReference;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * A SIP rule sending calls that match a trigger to one SIP media application.
 *
 * <p>Chime deletes only a disabled SIP rule, and a custom resource makes one API call per event,
 * so a second resource ("DisableBeforeDelete") depends on the rule: CloudFormation deletes it
 * first, and its delete call disables the rule just before the rule's own delete call runs.
 */
public final class SipRule extends Construct {

    /** The two triggers Chime offers. */
    public enum Trigger {
        ToPhoneNumber,
        RequestUriHostname
    }

    private final AwsCustomResource rule;

    public SipRule(
            Construct scope, String id, String name, Trigger trigger, String triggerValue, SipMediaApplication target) {
        super(scope, id);
        List<Map<String, Object>> targets = List.of(Map.of(
                "SipMediaApplicationId", target.sipMediaApplicationId(),
                "Priority", 1,
                "AwsRegion", Stack.of(this).getRegion()));
        // Chime's Service Authorization Reference lists no SIP-rule resource type for Get/Update/
        // DeleteSipRule, so AWS requires "*" for them; CreateSipRule is scoped to the target SMA.
        PolicyStatement create = PolicyStatement.Builder.create()
                .actions(List.of("chime:CreateSipRule"))
                .resources(List.of(target.sipMediaApplicationArn()))
                .build();
        PolicyStatement manage = PolicyStatement.Builder.create()
                .actions(List.of("chime:UpdateSipRule", "chime:DeleteSipRule"))
                .resources(List.of("*"))
                .build();
        rule = resource(
                this,
                "Resource",
                call(
                        "CreateSipRule",
                        Map.of(
                                "Name",
                                name,
                                "TriggerType",
                                trigger.name(),
                                "TriggerValue",
                                triggerValue,
                                "Disabled",
                                false,
                                "TargetApplications",
                                targets),
                        PhysicalResourceId.fromResponse("SipRule.SipRuleId")),
                call(
                        "UpdateSipRule",
                        Map.of(
                                "SipRuleId",
                                new PhysicalResourceIdReference(),
                                "Name",
                                name,
                                "Disabled",
                                false,
                                "TargetApplications",
                                targets),
                        PhysicalResourceId.fromResponse("SipRule.SipRuleId")),
                call("DeleteSipRule", Map.of("SipRuleId", new PhysicalResourceIdReference())),
                List.of(create, manage));

        PolicyStatement disable = PolicyStatement.Builder.create()
                .actions(List.of("chime:GetSipRule", "chime:UpdateSipRule"))
                .resources(List.of("*"))
                .build();
        resource(
                this,
                "DisableBeforeDelete",
                call("GetSipRule", Map.of("SipRuleId", sipRuleId()), PhysicalResourceId.of("disable-before-delete")),
                call("GetSipRule", Map.of("SipRuleId", sipRuleId()), PhysicalResourceId.of("disable-before-delete")),
                call("UpdateSipRule", Map.of("SipRuleId", sipRuleId(), "Name", name, "Disabled", true)),
                List.of(disable));
    }

    public String sipRuleId() {
        return rule.getResponseField("SipRule.SipRuleId");
    }
}
