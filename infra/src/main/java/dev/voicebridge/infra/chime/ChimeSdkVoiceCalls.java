package dev.voicebridge.infra.chime;

import dev.voicebridge.infra.lambda.OwnLogGroupRole;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Builds the chime-sdk-voice calls behind every custom resource in this package.
 *
 * <p>Why custom resources: CloudFormation has no resource type for SIP media applications, SIP
 * rules, Voice Connector origination, termination or streaming (checked against the CloudFormation
 * and CDK references, 2026). {@code AWS::Chime::VoiceConnector} appeared in late CDK releases, but
 * the pinned aws-cdk-lib 2.230.0 does not have it and it covers only the connector itself, so the
 * connector is created the same way as everything around it: one AwsCustomResource per API object,
 * with its own create, update and delete call.
 */
public final class ChimeSdkVoiceCalls {

    /** The AWS SDK for JavaScript v3 client the custom-resource Lambda (Node.js runtime) loads. */
    static final String SERVICE = "@aws-sdk/client-chime-sdk-voice";

    static AwsSdkCall call(String action, Map<String, ?> parameters, PhysicalResourceId physicalResourceId) {
        return AwsSdkCall.builder()
                .service(SERVICE)
                .action(action)
                .parameters(parameters)
                .physicalResourceId(physicalResourceId)
                .build();
    }

    static AwsSdkCall call(String action, Map<String, ?> parameters) {
        return AwsSdkCall.builder()
                .service(SERVICE)
                .action(action)
                .parameters(parameters)
                .build();
    }

    /** A custom resource whose provider Lambda may run exactly the statements given. */
    static AwsCustomResource resource(
            Construct scope,
            String id,
            AwsSdkCall onCreate,
            AwsSdkCall onUpdate,
            AwsSdkCall onDelete,
            List<PolicyStatement> statements) {
        Provisioner provisioner = Provisioner.of(scope);
        return AwsCustomResource.Builder.create(scope, id)
                .role(provisioner.role)
                .logGroup(provisioner.logGroup)
                .onCreate(onCreate)
                .onUpdate(onUpdate)
                .onDelete(onDelete)
                // The Lambda runtime's bundled SDK v3 has chime-sdk-voice; installing the latest
                // SDK at every event would need npm registry access from the function and slow it.
                .installLatestAwsSdk(false)
                .policy(AwsCustomResourcePolicy.fromStatements(statements))
                .build();
    }

    /**
     * The identity and log group of the one Lambda function CDK runs for every AwsCustomResource
     * in the stack. Written out so it carries no AWS-managed policy (CDK's default role attaches
     * AWSLambdaBasicExecutionRole, i.e. logs on "*"): it may write to its own log group, plus
     * exactly the chime statements each resource adds.
     */
    static final class Provisioner extends Construct {
        final Role role;
        final LogGroup logGroup;

        private Provisioner(Construct scope, String id) {
            super(scope, id);
            OwnLogGroupRole execution = OwnLogGroupRole.create(
                    this,
                    "VoiceBridge: creates and deletes the Chime SDK Voice objects CloudFormation has no type for");
            logGroup = execution.logGroup();
            role = execution.role();
        }

        static Provisioner of(Construct scope) {
            Stack stack = Stack.of(scope);
            IConstruct existing = stack.getNode().tryFindChild("ChimeProvisioner");
            return existing != null ? (Provisioner) existing : new Provisioner(stack, "ChimeProvisioner");
        }
    }

    /** ARN pattern for objects of one type that this stack creates but whose ids are not known yet. */
    static String arnPattern(Construct scope, String resourceType) {
        Stack stack = Stack.of(scope);
        return "arn:" + stack.getPartition() + ":chime:" + stack.getRegion() + ":" + stack.getAccount() + ":"
                + resourceType + "/*";
    }

    /** The CloudFormation resource under an L2/L3 construct (to attach a condition to it). */
    public static CfnResource cfnResource(IConstruct construct) {
        IConstruct current = construct;
        while (current != null && !(current instanceof CfnResource)) {
            current = current.getNode().getDefaultChild();
        }
        if (current == null) {
            throw new IllegalStateException(
                    "no CloudFormation resource under " + construct.getNode().getPath());
        }
        return (CfnResource) current;
    }

    private ChimeSdkVoiceCalls() {}
}
