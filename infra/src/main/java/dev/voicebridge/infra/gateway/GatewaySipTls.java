package dev.voicebridge.infra.gateway;

import dev.voicebridge.infra.settings.DeploymentSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * SIP over TLS on the gateway hosts, what an encryption-enabled Voice Connector needs: the host
 * names Chime connects to, the certificate for them, and how it reaches each host and is renewed.
 *
 * <p>The certificate is an ACM <em>exportable public</em> certificate (issued since June 2025 with
 * {@code --options Export=ENABLED}) for {@code *.<GatewaySipDomain>}, named by the
 * {@code GatewaySipCertificateArn} parameter. ACM renews it itself; no key material passes through
 * CloudFormation, a parameter or Secrets Manager. At every start of the gateway service the host
 * exports it with a passphrase it makes up on the spot, turns it into a PKCS#12 with another random
 * password in its root-only tmpfs, and hands both to the container. A daily timer compares the
 * certificate ACM holds with the one served and restarts the service (which drains its calls) when
 * ACM has renewed it. Used at synthesis time only.
 */
public final class GatewaySipTls {

    /** The keystore inside the host's tmpfs, mounted read-only at the same path in the container. */
    static final String KEYSTORE = "/run/voicebridge/sip-tls.p12";
    /** The gateway image's user (infra/docker/gateway.Dockerfile), who must read the keystore. */
    static final int CONTAINER_UID = 10001;

    private final CfnParameter domain;
    private final CfnParameter certificateArn;

    /** Declares the two parameters on {@code stack}. */
    public GatewaySipTls(Construct stack) {
        domain = CfnParameter.Builder.create(stack, "GatewaySipDomain")
                .type("String")
                .allowedPattern("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$")
                .constraintDescription("a DNS domain such as sip.example.com")
                .description("Encrypted trunk: gateway host N is gwN.<this domain> (create its A record to the "
                        + "GatewayPublicIps output); the certificate must cover *.<this domain>.")
                .build();
        certificateArn = CfnParameter.Builder.create(stack, "GatewaySipCertificateArn")
                .type("String")
                .allowedPattern("^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]{36}$")
                .constraintDescription("the ARN of an ACM certificate requested with --options Export=ENABLED")
                .description("Encrypted trunk: ACM exportable public certificate for *.<GatewaySipDomain> "
                        + "(infra/README.md, Encrypted trunk).")
                .build();
    }

    /** The name of host {@code index} (0-based), the origination route's host and the certificate's name. */
    public String hostName(int index) {
        return Fn.join("", List.of("gw", Integer.toString(index + 1), ".", domain.getValueAsString()));
    }

    /** Exporting (at start) and reading (renewal check) this one certificate. */
    PolicyStatement certificateAccess() {
        return PolicyStatement.Builder.create()
                .actions(List.of("acm:ExportCertificate", "acm:GetCertificate"))
                .resources(List.of(certificateArn.getValueAsString()))
                .build();
    }

    /** The gateway's SIP settings: TLS only, SRTP required. The password goes in the secrets file. */
    static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GATEWAY_SIP_TRANSPORTS", "TLS");
        environment.put("GATEWAY_SIP_TLS_PORT", Integer.toString(DeploymentSettings.SIP_TLS_PORT));
        environment.put("GATEWAY_SIP_TLS_KEYSTORE", KEYSTORE);
        environment.put("GATEWAY_SIP_REQUIRE_SRTP", "true");
        return environment;
    }

    /**
     * Lines of the start script ({@code set -euo pipefail}, {@code umask 077}, in
     * /run/voicebridge): export, convert, and add the keystore password to secrets.env.new.
     */
    List<String> prepareLines(String region) {
        String dir = "/run/voicebridge";
        return List.of(
                // No newline: the CLI's fileb:// sends every byte as the passphrase, openssl's file: the first line.
                "openssl rand -hex 32 | tr -d '\\n' > " + dir + "/acm-pass",
                "openssl rand -hex 32 > " + dir + "/tls-pass",
                "aws acm export-certificate --region " + region + " --certificate-arn "
                        + certificateArn.getValueAsString() + " --passphrase fileb://" + dir
                        + "/acm-pass --output json > " + dir + "/acm.json",
                // Split the JSON without echoing the (encrypted) key through a shell variable.
                "python3 -c 'import json; d = json.load(open(\"" + dir + "/acm.json\")); "
                        + "[open(\"" + dir + "/\" + n, \"w\").write(d.get(k) or \"\") for n, k in "
                        + "((\"cert.pem\", \"Certificate\"), (\"chain.pem\", \"CertificateChain\"), "
                        + "(\"key.pem\", \"PrivateKey\"))]'",
                "openssl pkcs12 -export -name gateway -in " + dir + "/cert.pem -certfile " + dir + "/chain.pem -inkey "
                        + dir + "/key.pem -passin file:" + dir + "/acm-pass -passout file:" + dir + "/tls-pass -out "
                        + KEYSTORE + ".new",
                "openssl x509 -in " + dir + "/cert.pem -noout -fingerprint -sha256 > " + dir + "/sip-tls.fingerprint",
                "rm -f " + dir + "/acm.json " + dir + "/cert.pem " + dir + "/chain.pem " + dir + "/key.pem " + dir
                        + "/acm-pass",
                "chown " + CONTAINER_UID + " " + KEYSTORE + ".new",
                "chmod 0400 " + KEYSTORE + ".new",
                "mv " + KEYSTORE + ".new " + KEYSTORE,
                "printf 'GATEWAY_SIP_TLS_KEYSTORE_PASSWORD=%s\\n' \"$(cat " + dir + "/tls-pass)\" >> " + dir
                        + "/secrets.env.new",
                "rm -f " + dir + "/tls-pass");
    }

    /** {@code docker run} option that shows the container its keystore, read-only. */
    static String dockerVolume() {
        return " --volume " + KEYSTORE + ":" + KEYSTORE + ":ro";
    }

    /**
     * The renewal check and its daily timer: when the certificate ACM holds is no longer the one
     * served, restart the service, whose start exports the new one. ACM renews 60 days before
     * expiry, so a daily look leaves weeks to notice a failure; the gateway itself warns in its log
     * from 21 days before expiry.
     */
    List<String> renewalLines(String region) {
        return List.of(
                "cat > /usr/local/bin/voicebridge-tls-renewed <<'EOF'",
                "#!/bin/bash",
                "set -euo pipefail",
                "served=$(cat /run/voicebridge/sip-tls.fingerprint)",
                "current=$(aws acm get-certificate --region " + region + " --certificate-arn "
                        + certificateArn.getValueAsString()
                        + " --query Certificate --output text | openssl x509 -noout -fingerprint -sha256)",
                "if [ \"$served\" != \"$current\" ]; then",
                "  logger -t voicebridge 'SIP TLS certificate renewed by ACM: restarting the gateway to serve it'",
                "  systemctl restart voicebridge-gateway",
                "fi",
                "EOF",
                "chmod 0700 /usr/local/bin/voicebridge-tls-renewed",
                "cat > /etc/systemd/system/voicebridge-tls-renewed.service <<'EOF'",
                "[Unit]",
                "Description=VoiceBridge: serve the SIP TLS certificate ACM renewed",
                "[Service]",
                "Type=oneshot",
                "ExecStart=/usr/local/bin/voicebridge-tls-renewed",
                "EOF",
                "cat > /etc/systemd/system/voicebridge-tls-renewed.timer <<'EOF'",
                "[Unit]",
                "Description=Daily check for a renewed SIP TLS certificate",
                "[Timer]",
                // A quiet hour (UTC), spread so several hosts do not restart together.
                "OnCalendar=*-*-* 04:00:00 UTC",
                "RandomizedDelaySec=3600",
                "Persistent=true",
                "[Install]",
                "WantedBy=timers.target",
                "EOF");
    }
}
