package dev.voicebridge.infra.gateway;

import dev.voicebridge.infra.settings.DeploymentSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The boot-script lines only a host of the gateway Auto Scaling group has (see
 * {@link GatewayBootScript.Extras}):
 * <ul>
 *   <li>its own public IPv4 from the instance metadata, as GATEWAY_PUBLIC_ADDRESS (the group's
 *       hosts have no Elastic IP);
 *   <li>{@code voicebridge-join}: waits for the gateway's readiness, then puts the "VoiceBridge
 *       Gateway Ready" event the route manager joins the host on (never ready: no event, the
 *       launch hook times out with ABANDON and the group replaces the host);
 *   <li>{@code voicebridge-watchdog}: once the gateway has been ready, readiness down for
 *       {@link #UNHEALTHY_AFTER_CHECKS} checks in a row while in service marks the instance Unhealthy, so the group replaces it (and its
 *       terminate hook takes it out of the routes first);
 *   <li>the CloudWatch agent scraping the gateway's own Prometheus endpoint into EMF metrics,
 *       which the target-tracking policy reads (no change to the gateway).
 * </ul>
 */
final class GatewayGroupScript {

    static final String READY_SOURCE = "voicebridge.gateway";
    static final String READY_DETAIL_TYPE = "VoiceBridge Gateway Ready";
    static final String METRICS_NAMESPACE = "VoiceBridge/Gateway";
    static final int CHECK_SECONDS = 30;
    static final int UNHEALTHY_AFTER_CHECKS = 10;
    /** Boot, image pull and the gateway's start must fit in the launch hook's timeout. */
    static final int JOIN_WAIT_SECONDS = 540;

    private static final String IMDS = "imds() { local t; t=$(curl -sSf -X PUT"
            + " -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token);"
            + " curl -sSf -H \"X-aws-ec2-metadata-token: $t\" \"http://169.254.169.254/latest/meta-data/$1\"; }";
    private static final String READY =
            "curl -fsS -o /dev/null http://127.0.0.1:" + DeploymentSettings.SERVER_PORT + "/actuator/health/readiness";

    static GatewayBootScript.Extras extras(String region, String groupName, String metricsLogGroupName) {
        return new GatewayBootScript.Extras(
                identity(),
                List.of("printf '%s' \"$admin_token\" > /run/voicebridge/admin-token"),
                afterStart(region, groupName, metricsLogGroupName));
    }

    private static List<String> identity() {
        List<String> lines = new ArrayList<>();
        lines.add(IMDS);
        lines.add("instance_id=$(imds instance-id)");
        lines.add("public_ip=$(imds public-ipv4)");
        lines.add(
                "printf 'INSTANCE_ID=%s\\nPUBLIC_IP=%s\\n' \"$instance_id\" \"$public_ip\" > /etc/voicebridge/host.env");
        // The SDP and the origination route name the same address: this host's public IPv4.
        lines.add("echo \"GATEWAY_PUBLIC_ADDRESS=$public_ip\" >> /etc/voicebridge/gateway.env");
        return lines;
    }

    private static List<String> afterStart(String region, String groupName, String metricsLogGroupName) {
        List<String> lines = new ArrayList<>();
        lines.add("cat > /usr/local/bin/voicebridge-join <<'EOF'");
        lines.add("#!/bin/bash");
        lines.add("set -euo pipefail");
        lines.add("source /etc/voicebridge/host.env");
        lines.add("for attempt in $(seq 1 " + JOIN_WAIT_SECONDS / 5 + "); do");
        lines.add("  if " + READY + "; then");
        lines.add("    printf '[{\"Source\":\"" + READY_SOURCE + "\",\"DetailType\":\"" + READY_DETAIL_TYPE
                + "\",\"Detail\":\"{\\\\\"EC2InstanceId\\\\\":\\\\\"%s\\\\\",\\\\\"Host\\\\\":\\\\\"%s\\\\\"}\"}]'"
                + " \"$INSTANCE_ID\" \"$PUBLIC_IP\" > /run/voicebridge/ready-event.json");
        // put-events exits 0 even when it failed the entry: check the count.
        lines.add("    failed=$(aws events put-events --region " + region
                + " --entries file:///run/voicebridge/ready-event.json --query FailedEntryCount --output text)");
        lines.add("    [ \"$failed\" = \"0\" ] && exit 0");
        lines.add("  fi");
        lines.add("  sleep 5");
        lines.add("done");
        lines.add("echo 'readiness never came up: the launch hook times out and the group replaces this host' >&2");
        lines.add("exit 1");
        lines.add("EOF");
        lines.add("cat > /usr/local/bin/voicebridge-watchdog <<'EOF'");
        lines.add("#!/bin/bash");
        lines.add("set -uo pipefail");
        lines.add("source /etc/voicebridge/host.env");
        lines.add(IMDS);
        lines.add("down=0");
        lines.add("ever_ready=0");
        lines.add("while sleep " + CHECK_SECONDS + "; do");
        // Not judged before its first ready: the target state is already InService during the
        // launch hook, and a slow first start is the launch hook's business (ABANDON at its timeout).
        lines.add("  if " + READY
                + "; then down=0; ever_ready=1; elif [ \"$ever_ready\" = 1 ]; then down=$((down + 1)); fi");
        // While draining (Terminating) readiness is down on purpose: only an in-service host is judged.
        lines.add("  if [ \"$down\" -ge " + UNHEALTHY_AFTER_CHECKS
                + " ] && [ \"$(imds autoscaling/target-lifecycle-state || true)\" = InService ]; then");
        lines.add("    aws autoscaling set-instance-health --region " + region
                + " --instance-id \"$INSTANCE_ID\" --health-status Unhealthy || true");
        lines.add("  fi");
        lines.add("done");
        lines.add("EOF");
        lines.add("chmod 0700 /usr/local/bin/voicebridge-join /usr/local/bin/voicebridge-watchdog");
        lines.add("cat > /etc/systemd/system/voicebridge-join.service <<'EOF'");
        lines.add("[Unit]");
        lines.add("Description=VoiceBridge: tell the route manager this gateway is ready");
        lines.add("After=voicebridge-gateway.service");
        lines.add("[Service]");
        lines.add("Type=oneshot");
        lines.add("ExecStart=/usr/local/bin/voicebridge-join");
        lines.add("[Install]");
        lines.add("WantedBy=multi-user.target");
        lines.add("EOF");
        lines.add("cat > /etc/systemd/system/voicebridge-watchdog.service <<'EOF'");
        lines.add("[Unit]");
        lines.add("Description=VoiceBridge: mark this host Unhealthy when its readiness stays down");
        lines.add("After=voicebridge-gateway.service");
        lines.add("[Service]");
        lines.add("Restart=always");
        lines.add("ExecStart=/usr/local/bin/voicebridge-watchdog");
        lines.add("[Install]");
        lines.add("WantedBy=multi-user.target");
        lines.add("EOF");
        lines.addAll(metrics(groupName, metricsLogGroupName));
        lines.add("systemctl daemon-reload");
        lines.add("systemctl enable --now voicebridge-watchdog");
        lines.add("systemctl enable --now --no-block voicebridge-join");
        return lines;
    }

    private static List<String> metrics(String groupName, String metricsLogGroupName) {
        String etc = "/opt/aws/amazon-cloudwatch-agent/etc";
        List<String> lines = new ArrayList<>();
        lines.add("dnf install -y amazon-cloudwatch-agent");
        lines.add("cat > " + etc + "/voicebridge-prometheus.yaml <<'EOF'");
        lines.add("global:");
        lines.add("  scrape_interval: 60s");
        lines.add("  scrape_timeout: 10s");
        lines.add("scrape_configs:");
        lines.add("  - job_name: voicebridge-gateway");
        lines.add("    metrics_path: /actuator/prometheus");
        lines.add("    bearer_token_file: /run/voicebridge/admin-token");
        lines.add("    static_configs:");
        lines.add("      - targets: ['127.0.0.1:" + DeploymentSettings.SERVER_PORT + "']");
        lines.add("        labels:");
        lines.add("          AutoScalingGroupName: " + groupName);
        lines.add("EOF");
        lines.add("cat > " + etc + "/voicebridge.json <<'EOF'");
        // Root reads the root-only token file; EMF: one metric per gauge, summed by the policy per group.
        lines.add("{\"agent\":{\"run_as_user\":\"root\"},\"logs\":{\"metrics_collected\":{\"prometheus\":{"
                + "\"log_group_name\":\"" + metricsLogGroupName + "\","
                + "\"prometheus_config_path\":\"" + etc + "/voicebridge-prometheus.yaml\","
                + "\"emf_processor\":{\"metric_namespace\":\"" + METRICS_NAMESPACE + "\",\"metric_declaration\":[{"
                + "\"source_labels\":[\"job\"],\"label_matcher\":\"^voicebridge-gateway$\","
                + "\"dimensions\":[[\"AutoScalingGroupName\"]],"
                + "\"metric_selectors\":[\"^voicebridge_calls_active$\",\"^voicebridge_calls_limit$\","
                + "\"^voicebridge_calls_capacity_remaining$\"]}]}}},\"force_flush_interval\":15}}");
        lines.add("EOF");
        lines.add("/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:"
                + etc + "/voicebridge.json");
        return lines;
    }

    private GatewayGroupScript() {}
}
