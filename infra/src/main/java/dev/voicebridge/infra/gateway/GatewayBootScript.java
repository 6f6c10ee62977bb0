package dev.voicebridge.infra.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user data of a gateway host (Amazon Linux 2023): Docker, socket buffers sized for many RTP
 * streams, the gateway's environment file and a systemd unit around {@code docker run}; with an
 * encrypted trunk, the SIP TLS keystore made at each start and its renewal timer ({@link GatewaySipTls}).
 */
final class GatewayBootScript {

    /**
     * What a host of the Auto Scaling group adds: lines run once the environment file is written
     * (its own address), lines for the secrets script, and lines run once the gateway is started
     * (join, watchdog, metrics). Fixed hosts add nothing.
     */
    record Extras(List<String> beforeStart, List<String> prepare, List<String> afterStart) {
        static final Extras NONE = new Extras(List.of(), List.of(), List.of());
    }

    static List<String> lines(
            String region,
            Map<String, String> environment,
            GatewaySecrets secrets,
            Optional<String> ecrRegistry,
            String imageUri,
            String logGroupName) {
        return lines(region, environment, secrets, ecrRegistry, imageUri, logGroupName, Optional.empty(), Extras.NONE);
    }

    /**
     * Installs Docker and a systemd unit that (re)fetches the secrets into a root-only tmpfs file
     * at every start, pulls the image and runs it with host networking; SIGTERM (stop, reboot,
     * replacement) gives the gateway {@link GatewayHost#STOP_TIMEOUT_SECONDS} to drain its calls.
     */
    static List<String> lines(
            String region,
            Map<String, String> environment,
            GatewaySecrets secrets,
            Optional<String> ecrRegistry,
            String imageUri,
            String logGroupName,
            Optional<GatewaySipTls> tls,
            Extras extras) {
        List<String> lines = new ArrayList<>();
        lines.add("set -euo pipefail");
        lines.add("dnf install -y docker");
        // Larger socket buffers for thousands of RTP streams on one host.
        lines.add("cat > /etc/sysctl.d/90-voicebridge.conf <<'EOF'");
        lines.add("net.core.rmem_max=26214400");
        lines.add("net.core.wmem_max=26214400");
        lines.add("net.core.rmem_default=1048576");
        lines.add("net.core.wmem_default=1048576");
        lines.add("EOF");
        lines.add("sysctl --system");
        lines.add("install -d -m 0755 /etc/voicebridge");
        lines.add("cat > /etc/voicebridge/gateway.env <<'EOF'");
        environment.forEach((key, value) -> lines.add(key + "=" + value));
        lines.add("EOF");
        lines.addAll(extras.beforeStart());
        lines.add("cat > /usr/local/bin/voicebridge-prepare <<'EOF'");
        lines.add("#!/bin/bash");
        lines.add("set -euo pipefail");
        lines.add("umask 077");
        lines.add("install -d -m 0700 /run/voicebridge");
        lines.add("secret() { aws secretsmanager get-secret-value --region " + region
                + " --secret-id \"$1\" --query SecretString --output text; }");
        // Plain assignments, so `set -e` stops the start when a secret cannot be read (a failing
        // command substitution inside an echo argument would go unnoticed).
        lines.add("azure_key=$(secret " + secrets.azureApiKey().getSecretArn() + ")");
        lines.add("admin_token=$(secret " + secrets.adminToken().getSecretArn() + ")");
        lines.add("media_token=$(secret " + secrets.mediaToken().getSecretArn() + ")");
        lines.add("printf 'AZURE_OPENAI_API_KEY=%s\\nGATEWAY_ADMIN_TOKEN=%s\\nGATEWAY_MEDIA_TOKEN=%s\\n' "
                + "\"$azure_key\" \"$admin_token\" \"$media_token\" > /run/voicebridge/secrets.env.new");
        tls.ifPresent(t -> lines.addAll(t.prepareLines(region)));
        lines.add("mv /run/voicebridge/secrets.env.new /run/voicebridge/secrets.env");
        lines.addAll(extras.prepare());
        ecrRegistry.ifPresent(registry -> lines.add("aws ecr get-login-password --region " + region
                + " | docker login --username AWS --password-stdin " + registry));
        lines.add("docker pull " + imageUri);
        lines.add("EOF");
        lines.add("chmod 0700 /usr/local/bin/voicebridge-prepare");
        lines.add("cat > /etc/systemd/system/voicebridge-gateway.service <<'EOF'");
        lines.add("[Unit]");
        lines.add("Description=VoiceBridge gateway (SIP/RTP <-> Azure OpenAI Realtime)");
        lines.add("After=docker.service network-online.target");
        lines.add("Wants=network-online.target");
        lines.add("Requires=docker.service");
        lines.add("[Service]");
        lines.add("Restart=always");
        lines.add("RestartSec=5");
        lines.add("TimeoutStartSec=600");
        lines.add("TimeoutStopSec=" + (GatewayHost.STOP_TIMEOUT_SECONDS + 30));
        lines.add("ExecStartPre=/usr/local/bin/voicebridge-prepare");
        lines.add("ExecStartPre=-/usr/bin/docker rm -f " + GatewayHost.CONTAINER);
        lines.add("ExecStart=/usr/bin/docker run --rm --name " + GatewayHost.CONTAINER + " --network host"
                + " --env-file /etc/voicebridge/gateway.env --env-file /run/voicebridge/secrets.env"
                + (tls.isPresent() ? GatewaySipTls.dockerVolume() : "")
                + " --ulimit nofile=65536:65536 --stop-timeout " + GatewayHost.STOP_TIMEOUT_SECONDS
                + " --log-driver awslogs --log-opt awslogs-region=" + region
                + " --log-opt awslogs-group=" + logGroupName
                + " --log-opt awslogs-stream=" + GatewayHost.CONTAINER + " " + imageUri);
        lines.add("ExecStop=/usr/bin/docker stop --time " + GatewayHost.STOP_TIMEOUT_SECONDS + " "
                + GatewayHost.CONTAINER);
        lines.add("[Install]");
        lines.add("WantedBy=multi-user.target");
        lines.add("EOF");
        tls.ifPresent(t -> lines.addAll(t.renewalLines(region)));
        lines.add("systemctl daemon-reload");
        lines.add("systemctl enable --now docker");
        lines.add("systemctl enable --now voicebridge-gateway");
        if (tls.isPresent()) {
            lines.add("systemctl enable --now voicebridge-tls-renewed.timer");
        }
        lines.addAll(extras.afterStart());
        return lines;
    }

    private GatewayBootScript() {}
}
