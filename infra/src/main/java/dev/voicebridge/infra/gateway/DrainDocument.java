package dev.voicebridge.infra.gateway;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.constructs.Construct;

/**
 * The SSM Run Command document the route manager runs on a gateway host once its routes are gone:
 * stops the gateway (SIGTERM: the gateway's CallDrain lets live calls go on for up to
 * GATEWAY_DRAIN_TIMEOUT, then ends the rest cleanly), sends a lifecycle heartbeat every 30 s while
 * it stops, then completes the terminate lifecycle action with CONTINUE. Why on the host: only the
 * host knows when its calls have ended, and a heartbeat from there stops as soon as the host is
 * gone (the hook then times out and termination goes on by itself).
 */
public final class DrainDocument extends Construct {

    static final int HEARTBEAT_SECONDS = 30;

    private final CfnDocument document;

    DrainDocument(Construct scope, String id) {
        super(scope, id);
        String region = Stack.of(this).getRegion();
        String hook =
                " --auto-scaling-group-name '{{AutoScalingGroupName}}' --lifecycle-hook-name '{{LifecycleHookName}}'"
                        + " --instance-id \"$instance_id\" --region " + region;
        List<String> script = List.of(
                "set -uo pipefail",
                "t=$(curl -sSf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)",
                "instance_id=$(curl -sSf -H \"X-aws-ec2-metadata-token: $t\" http://169.254.169.254/latest/meta-data/instance-id)",
                // Readiness goes down during the drain on purpose: the watchdog must not judge it.
                "systemctl stop voicebridge-watchdog || true",
                "systemctl stop voicebridge-gateway &",
                "stopping=$!",
                "while kill -0 \"$stopping\" 2>/dev/null; do",
                "  aws autoscaling record-lifecycle-action-heartbeat" + hook + " || true",
                "  sleep " + HEARTBEAT_SECONDS,
                "done",
                "aws autoscaling complete-lifecycle-action --lifecycle-action-result CONTINUE" + hook);
        Map<String, Object> parameter = Map.of(
                "type", "String",
                // Names only: the values are substituted into the shell script.
                "allowedPattern", "^[A-Za-z0-9._-]{1,255}$");
        document = CfnDocument.Builder.create(this, "Resource")
                .documentType("Command")
                .documentFormat("JSON")
                .content(Map.of(
                        "schemaVersion",
                        "2.2",
                        "description",
                        "VoiceBridge: drain a gateway that left the routes, then let it terminate",
                        "parameters",
                        Map.of("AutoScalingGroupName", parameter, "LifecycleHookName", parameter),
                        "mainSteps",
                        List.of(Map.of(
                                "action",
                                "aws:runShellScript",
                                "name",
                                "drain",
                                "inputs",
                                Map.of(
                                        // The stop timeout plus time to spare for the heartbeats and the completion.
                                        "timeoutSeconds",
                                        Integer.toString(GatewayHost.STOP_TIMEOUT_SECONDS + 180),
                                        "runCommand",
                                        script)))))
                .build();
    }

    public String documentName() {
        return document.getRef();
    }

    public String documentArn() {
        Stack stack = Stack.of(this);
        return "arn:" + stack.getPartition() + ":ssm:" + stack.getRegion() + ":" + stack.getAccount() + ":document/"
                + document.getRef();
    }
}
