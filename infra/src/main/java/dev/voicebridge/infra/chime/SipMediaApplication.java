package dev.voicebridge.infra.chime;

import static dev.voicebridge.infra.chime.ChimeSdkVoiceCalls.arnPattern;
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

/** The SIP media application: the PSTN audio object that invokes the SMA Lambda for every call event. */
public final class SipMediaApplication extends Construct {

    private final AwsCustomResource application;

    /**
     * @param lambdaArn the ARN of the Lambda alias the application invokes (an alias, so SnapStart
     *                  applies: SnapStart works only on published versions)
     */
    public SipMediaApplication(Construct scope, String id, String name, String lambdaArn) {
        super(scope, id);
        List<Map<String, String>> endpoints = List.of(Map.of("LambdaArn", lambdaArn));
        application = resource(
                this,
                "Resource",
                call(
                        "CreateSipMediaApplication",
                        Map.of("Name", name, "AwsRegion", Stack.of(this).getRegion(), "Endpoints", endpoints),
                        PhysicalResourceId.fromResponse("SipMediaApplication.SipMediaApplicationId")),
                call(
                        "UpdateSipMediaApplication",
                        Map.of(
                                "SipMediaApplicationId",
                                new PhysicalResourceIdReference(),
                                "Name",
                                name,
                                "Endpoints",
                                endpoints),
                        PhysicalResourceId.fromResponse("SipMediaApplication.SipMediaApplicationId")),
                call("DeleteSipMediaApplication", Map.of("SipMediaApplicationId", new PhysicalResourceIdReference())),
                List.of(
                        // AWS requires "*": CreateSipMediaApplication has no resource-level permission.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:CreateSipMediaApplication"))
                                .resources(List.of("*"))
                                .build(),
                        // The id exists only after the create call of this same resource.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:UpdateSipMediaApplication", "chime:DeleteSipMediaApplication"))
                                .resources(List.of(arnPattern(this, "sma")))
                                .build()));
    }

    public String sipMediaApplicationId() {
        return application.getResponseField("SipMediaApplication.SipMediaApplicationId");
    }

    public String sipMediaApplicationArn() {
        return application.getResponseField("SipMediaApplication.SipMediaApplicationArn");
    }
}
