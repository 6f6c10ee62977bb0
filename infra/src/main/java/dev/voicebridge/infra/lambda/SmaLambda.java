package dev.voicebridge.infra.lambda;

import dev.voicebridge.infra.data.CallRegistryTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The SMA Lambda (module sma-lambda): Spring Cloud Function behind the AWS adapter's
 * FunctionInvoker, java21 with SnapStart, invoked by the SIP media application through an alias.
 *
 * <p>Timing: the SMA retries an invocation after 5 s and hangs up after 20 s. The function's own
 * budget is {@code INVOCATION_BUDGET_MS} (3 s by default, at most 4 s, every AWS call capped by
 * {@code AWS_API_CALL_TIMEOUT_MS}), so it answers within 4 s or degrades to a safe response. The
 * 5 s timeout is the point where an answer stops being useful (the SMA has already sent the retry):
 * a stuck invocation is ended there instead of running on beside its retry. 1024 MB buys the CPU
 * share that keeps a Java handler in the millisecond range after a SnapStart restore (SnapStart
 * restore time is not part of the timeout).
 */
public final class SmaLambda extends Construct {

    public static final String HANDLER =
            "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";
    public static final int MEMORY_MB = 1024;
    public static final int TIMEOUT_SECONDS = 5;

    /** What the function needs to know about the rest of the stack. */
    public record Wiring(
            String gatewayVoiceConnectorArn,
            String inboundVoiceConnectorArn,
            String callMode,
            String transferCallerId,
            String transferNumber,
            String callRegistryTableName,
            String callRegistryTableArn,
            String callRegistryTtlDays,
            CfnCondition meetingModeOn) {}

    private final Function function;
    private final Alias alias;
    private final Role role;
    private final LogGroup logGroup;

    public SmaLambda(Construct scope, String id, Path jar, Wiring wiring) {
        super(scope, id);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("SMA Lambda jar not found at " + jar + ": build it with "
                    + "`./mvnw -B -pl sma-lambda -am package -DskipTests` or pass -c smaLambdaJar=<path>");
        }
        Stack stack = Stack.of(this);
        OwnLogGroupRole execution = OwnLogGroupRole.create(
                this,
                "VoiceBridge SMA Lambda: its log group and its call-registry table; Chime meetings only in meeting mode");
        logGroup = execution.logGroup();
        role = execution.role();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(CallRegistryTable.WRITER_ACTIONS)
                .resources(List.of(wiring.callRegistryTableArn()))
                .build());
        // In every call mode: an outbound call placed with a meetingId (the gateway's POST /api/meetings
        // with "dial") joins that meeting as a new attendee when answered.
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("chime:CreateAttendee"))
                .resources(List.of("arn:" + stack.getPartition() + ":chime:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":meeting/*"))
                .build());
        Policy meetings = Policy.Builder.create(this, "MeetingModePolicy")
                .statements(List.of(
                        // AWS requires "*": chime:CreateMeeting has no resource-level permission.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:CreateMeeting"))
                                .resources(List.of("*"))
                                .build(),
                        // Meeting ids are made per call, so this account's meetings in this Region.
                        PolicyStatement.Builder.create()
                                .actions(List.of("chime:DeleteMeeting"))
                                .resources(List.of("arn:" + stack.getPartition() + ":chime:" + stack.getRegion() + ":"
                                        + stack.getAccount() + ":meeting/*"))
                                .build()))
                .roles(List.of(role))
                .build();
        ((CfnResource) meetings.getNode().getDefaultChild()).getCfnOptions().setCondition(wiring.meetingModeOn());

        function = Function.Builder.create(this, "Function")
                .description("VoiceBridge SIP media application handler (call control; no media)")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(HANDLER)
                .code(Code.fromAsset(jar.toString()))
                .memorySize(MEMORY_MB)
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logGroup)
                .environment(Map.ofEntries(
                        Map.entry("CALL_MODE", wiring.callMode()),
                        Map.entry("GATEWAY_VOICE_CONNECTOR_ARN", wiring.gatewayVoiceConnectorArn()),
                        Map.entry("SMA_INBOUND_VOICE_CONNECTOR_ARN", wiring.inboundVoiceConnectorArn()),
                        Map.entry("TRANSFER_CALLER_ID", wiring.transferCallerId()),
                        // The Lambda dials only what the deployer allowed (toll-fraud guard).
                        Map.entry("TRANSFER_ALLOWED_PREFIXES", wiring.transferNumber()),
                        Map.entry("CALL_REGISTRY_TABLE", wiring.callRegistryTableName()),
                        Map.entry("CALL_REGISTRY_TTL_DAYS", wiring.callRegistryTtlDays()),
                        // C1 only: a short-lived handler gains nothing from C2 compilation.
                        Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))
                .build();
        // SnapStart applies to published versions only; the alias below always points at one.
        Annotations.of(function)
                .acknowledgeWarning(
                        "@aws-cdk/aws-lambda:snapStartRequirePublish",
                        "the SIP media application invokes the 'live' alias of the current published version");
        alias = Alias.Builder.create(this, "Live")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();
    }

    /**
     * Lets the Chime voice service invoke the alias for SIP media applications of this account and
     * Region. The SMA's own id is not known yet: the SMA is created after, and needs, this permission.
     */
    public void allowChimeVoiceToInvoke() {
        Stack stack = Stack.of(this);
        alias.addPermission(
                "ChimeVoiceInvoke",
                Permission.builder()
                        .principal(new ServicePrincipal("voiceconnector.chime.amazonaws.com"))
                        .action("lambda:InvokeFunction")
                        .sourceAccount(stack.getAccount())
                        .sourceArn("arn:" + stack.getPartition() + ":chime:" + stack.getRegion() + ":"
                                + stack.getAccount() + ":sma/*")
                        .build());
    }

    public Function function() {
        return function;
    }

    public Alias alias() {
        return alias;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
