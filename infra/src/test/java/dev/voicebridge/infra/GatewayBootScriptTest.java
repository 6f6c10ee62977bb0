package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The user data that turns a fresh Amazon Linux 2023 instance into the gateway host. */
class GatewayBootScriptTest {

    private static TemplateView view;
    private static String script;

    @BeforeAll
    static void synthesizeOnce() {
        view = new TemplateView(Synthesis.synthesize(Map.of()));
        script = TemplateView.render(((Map<?, ?>) properties(view.resources()
                                .get(view.logicalIdStartingWith("AWS::EC2::Instance", "GatewayInstance")))
                        .get("UserData"))
                .get("Fn::Base64"));
    }

    @Test
    void shouldBeASyntacticallyValidBashScript() throws Exception {
        // Given the script with CloudFormation references standing in as plain words
        Path file = Files.createTempFile("gateway-user-data", ".sh");
        Files.writeString(
                file, script.replaceAll("@(Ref|GetAtt)\\(([^)]*)\\)", "REF_$2").replace("::", "_"));
        // When bash parses it without running it
        Process bash = new ProcessBuilder("bash", "-n", file.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Then it parses
        assertThat(bash.exitValue())
                .as(new String(bash.getInputStream().readAllBytes()))
                .isZero();
        assertThat(script).startsWith("#!/bin/bash\nset -euo pipefail\n");
    }

    @Test
    void shouldRunTheGatewayUnderSystemdWithHostNetworkingAndTimeToDrain() {
        assertThat(script)
                .contains("ExecStart=/usr/bin/docker run --rm --name voicebridge-gateway --network host")
                .contains(
                        "--stop-timeout 120",
                        "ExecStop=/usr/bin/docker stop --time 120 voicebridge-gateway",
                        "TimeoutStopSec=150",
                        "Restart=always",
                        "systemctl enable --now voicebridge-gateway")
                // the gateway's own drain ends well before docker would kill it
                .contains("GATEWAY_DRAIN_TIMEOUT=90s")
                // transfers go only to the deployer's number, in the gateway as in the Lambda
                .contains("GATEWAY_TRANSFER_NUMBER=@Ref(TransferNumber)")
                // outbound calls go through this stack's SMA, only to the deployer's prefixes (none by default)
                .containsPattern(
                        "GATEWAY_SMA_ID=@GetAtt\\(SipMediaApplication[0-9A-F]*\\.SipMediaApplication\\.SipMediaApplicationId\\)")
                .contains("GATEWAY_OUTBOUND_ALLOWED_PREFIXES=@Ref(OutboundAllowedPrefixes)")
                .contains(
                        "--log-driver awslogs --log-opt awslogs-region=us-east-1 --log-opt awslogs-group=@Ref(Gateway");
    }

    @Test
    void shouldReadSecretsAtEveryStartIntoARootOnlyFileAndStopWhenOneIsMissing() {
        assertThat(script)
                .contains("ExecStartPre=/usr/local/bin/voicebridge-prepare")
                .contains("umask 077", "install -d -m 0700 /run/voicebridge")
                .containsPattern("azure_key=\\$\\(secret @Ref\\(GatewaySecretsAzureOpenAiApiKey[0-9A-F]+\\)\\)")
                .containsPattern("admin_token=\\$\\(secret @Ref\\(GatewaySecretsAdminToken[0-9A-F]+\\)\\)")
                .containsPattern("media_token=\\$\\(secret @Ref\\(GatewaySecretsMediaToken[0-9A-F]+\\)\\)")
                .contains("--env-file /run/voicebridge/secrets.env");
        assertThat(script).doesNotContain("echo \"AZURE_OPENAI_API_KEY");
    }

    @Test
    void shouldRequireImdsV2AndAnEncryptedDisk() {
        view.template.hasResourceProperties(
                "AWS::EC2::LaunchTemplate",
                Map.of("LaunchTemplateData", Map.of("MetadataOptions", Map.of("HttpTokens", "required"))));
        view.template.hasResourceProperties(
                "AWS::EC2::Instance",
                Map.of(
                        "BlockDeviceMappings",
                        java.util.List.of(Map.of(
                                "DeviceName",
                                "/dev/xvda",
                                "Ebs",
                                Map.of("Encrypted", true, "VolumeSize", 20, "VolumeType", "gp3")))));
    }

    @Test
    void shouldPullTheImageAssetFromTheBootstrapRepository() {
        assertThat(script)
                .contains(
                        "docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.@Ref(AWS::URLSuffix)\n")
                .contains("docker pull 123456789012.dkr.ecr.us-east-1.${AWS::URLSuffix}/"
                        + "cdk-hnb659fds-container-assets-123456789012-us-east-1:");
    }
}
