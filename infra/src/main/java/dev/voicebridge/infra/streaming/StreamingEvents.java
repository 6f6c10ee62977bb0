package dev.voicebridge.infra.streaming;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.logs.CfnResourcePolicy;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Records the gateway Voice Connector's streaming status events (STARTED / UPDATED / ENDED /
 * FAILED, with the Kinesis Video stream ARN, transaction id and isCaller of each leg) in a log
 * group, where an analytics or recording consumer can subscribe. Everything here exists only while
 * the EnableStreaming parameter is true.
 *
 * <p>Plain CloudFormation resources (no CDK target helper): the helper adds a custom resource
 * that needs logs:PutResourcePolicy on "*", and a conditioned L1 resource policy does the same job.
 */
public final class StreamingEvents extends Construct {

    public static final String DETAIL_TYPE = "Chime VoiceConnector Streaming Status";

    private final LogGroup logGroup;

    public StreamingEvents(Construct scope, String id, String voiceConnectorId, CfnCondition streamingOn) {
        super(scope, id);
        logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        ((CfnResource) logGroup.getNode().getDefaultChild()).getCfnOptions().setCondition(streamingOn);

        CfnResourcePolicy delivery = CfnResourcePolicy.Builder.create(this, "EventBridgeDelivery")
                .policyName(Stack.of(this).getStackName() + "-streaming-events")
                .policyDocument(Stack.of(this)
                        .toJsonString(Map.of(
                                "Version",
                                "2012-10-17",
                                "Statement",
                                List.of(Map.of(
                                        "Effect", "Allow",
                                        "Principal",
                                                Map.of(
                                                        "Service",
                                                        List.of("events.amazonaws.com", "delivery.logs.amazonaws.com")),
                                        "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                        "Resource", logGroup.getLogGroupArn())))))
                .build();
        delivery.getCfnOptions().setCondition(streamingOn);

        CfnRule rule = CfnRule.Builder.create(this, "Rule")
                .description("Chime Voice Connector streaming status of the VoiceBridge gateway connector")
                .eventPattern(Map.of(
                        "source", List.of("aws.chime"),
                        "detail-type", List.of(DETAIL_TYPE),
                        "detail", Map.of("voiceConnectorId", List.of(voiceConnectorId))))
                .state("ENABLED")
                .targets(List.of(CfnRule.TargetProperty.builder()
                        .id("StreamingStatusLog")
                        // EventBridge wants the log group's ARN without the ":*" suffix of getLogGroupArn()
                        .arn(Stack.of(this)
                                .formatArn(ArnComponents.builder()
                                        .service("logs")
                                        .resource("log-group")
                                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                        .resourceName(logGroup.getLogGroupName())
                                        .build()))
                        .build()))
                .build();
        rule.getCfnOptions().setCondition(streamingOn);
        rule.addDependency(delivery);
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
