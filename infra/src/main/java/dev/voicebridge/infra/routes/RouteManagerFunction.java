package dev.voicebridge.infra.routes;

import dev.voicebridge.infra.gateway.GatewayGroup;
import dev.voicebridge.infra.lambda.OwnLogGroupRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The route-manager Lambda (module route-manager) and what it runs on: its lock table, the two
 * EventBridge rules that feed it (a gateway's ready event, the group's terminate lifecycle
 * action), a dead-letter queue for events it could not handle after Lambda's retries, an alarm on
 * that queue, and a role limited to the gateway Voice Connector, the group, the drain document and
 * the lock table. With several gateway Voice Connectors (a group), it fills them in order.
 *
 * <p>Reserved concurrency 1: events queue in Lambda's asynchronous queue instead of contending
 * for the lock; the lock still serializes any other invocation.
 */
public final class RouteManagerFunction extends Construct {

    public static final String HANDLER = "dev.voicebridge.routes.RouteManagerHandler::handleRequest";
    public static final int TIMEOUT_SECONDS = 60;

    private final Function function;
    private final Queue deadLetters;

    public RouteManagerFunction(
            Construct scope,
            String id,
            Path jar,
            GatewayGroup group,
            List<String> voiceConnectorIds,
            List<String> voiceConnectorArns) {
        super(scope, id);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("route-manager jar not found at " + jar + ": build it with "
                    + "`./mvnw -B -pl route-manager -am package -DskipTests` or pass -c routeManagerJar=<path>");
        }
        Stack stack = Stack.of(this);
        Table locks = Table.Builder.create(this, "Locks")
                .partitionKey(Attribute.builder()
                        .name("lockId")
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiresAt")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        deadLetters = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .retentionPeriod(Duration.days(14))
                .enforceSsl(true)
                .build();

        OwnLogGroupRole execution = OwnLogGroupRole.create(
                this,
                "VoiceBridge route manager: origination of the gateway Voice Connector, the gateway group's lifecycle, its lock table");
        execution
                .role()
                .addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("chime:GetVoiceConnectorOrigination", "chime:PutVoiceConnectorOrigination"))
                        .resources(voiceConnectorArns)
                        .build());
        execution
                .role()
                .addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("autoscaling:CompleteLifecycleAction"))
                        .resources(List.of(GatewayGroup.groupArnPattern(this)))
                        .build());
        execution
                .role()
                .addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("ssm:SendCommand"))
                        .resources(List.of(group.drainDocument().documentArn()))
                        .build());
        // The instances: only the group's own (Auto Scaling tags each with its group's name).
        execution
                .role()
                .addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("ssm:SendCommand"))
                        .resources(List.of("arn:" + stack.getPartition() + ":ec2:" + stack.getRegion() + ":"
                                + stack.getAccount() + ":instance/*"))
                        .conditions(Map.of(
                                "StringEquals", Map.of("ssm:resourceTag/aws:autoscaling:groupName", group.name())))
                        .build());
        execution
                .role()
                .addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"))
                        .resources(List.of(locks.getTableArn()))
                        .build());

        function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(HANDLER)
                .code(Code.fromAsset(jar.toString()))
                .memorySize(512)
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .role(execution.role())
                .logGroup(execution.logGroup())
                .reservedConcurrentExecutions(1)
                // A failed invocation is retried twice, then kept in the queue: never lost.
                .retryAttempts(2)
                .maxEventAge(Duration.hours(6))
                .deadLetterQueue(deadLetters)
                .environment(Map.of(
                        "ROUTE_VOICE_CONNECTOR_IDS",
                        // Filled in order: a host joins the first connector with room.
                        Fn.join(",", voiceConnectorIds),
                        "ROUTE_LOCK_TABLE",
                        locks.getTableName(),
                        "ROUTE_AUTO_SCALING_GROUP",
                        group.name(),
                        "ROUTE_LAUNCH_HOOK",
                        GatewayGroup.LAUNCH_HOOK,
                        "ROUTE_PROTOCOLS",
                        "UDP",
                        "ROUTE_SIP_PORT",
                        "5060",
                        "ROUTE_DRAIN_DOCUMENT",
                        group.drainDocument().documentName()))
                .build();

        LambdaFunction target = LambdaFunction.Builder.create(function)
                .deadLetterQueue(deadLetters)
                .retryAttempts(10)
                .maxEventAge(Duration.hours(6))
                .build();
        Rule.Builder.create(this, "GatewayReady")
                .description("A gateway host's readiness is up: add its origination route")
                .eventPattern(EventPattern.builder()
                        .source(List.of("voicebridge.gateway"))
                        .detailType(List.of("VoiceBridge Gateway Ready"))
                        .build())
                .targets(List.of(target))
                .build();
        Rule.Builder.create(this, "GatewayTerminating")
                .description("A gateway host is terminating: remove its origination route, then drain it")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.autoscaling"))
                        .detailType(List.of("EC2 Instance-terminate Lifecycle Action"))
                        .detail(Map.of("AutoScalingGroupName", List.of(group.name())))
                        .build())
                .targets(List.of(target))
                .build();

        Alarm.Builder.create(this, "DeadLettersAlarm")
                .alarmDescription("A gateway lifecycle event the route manager could not handle: see the queue and "
                        + "the function's log (e.g. Chime's 10-routes limit)")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible())
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    public Function function() {
        return function;
    }

    public Queue deadLetters() {
        return deadLetters;
    }
}
