package dev.voicebridge.infra;

import static dev.voicebridge.infra.TemplateView.properties;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the part of the synthesized user data that turns the ACM export into the gateway's PKCS#12
 * keystore, with a stand-in {@code aws} that answers like {@code acm export-certificate} (a PEM
 * certificate and a private key encrypted with the passphrase it was given): the keystore must
 * open with the password written to the secrets file and hold the key, and no PEM may be left
 * behind. Needs bash, openssl and python3, as Amazon Linux 2023 has.
 */
class SipTlsKeystoreScriptTest {

    @TempDir
    Path dir;

    @Test
    void shouldTurnTheAcmExportIntoAKeystoreTheGatewayCanOpen() throws Exception {
        for (String tool : List.of("bash", "openssl", "python3")) {
            Assumptions.assumeTrue(run(dir, "command -v " + tool).exitValue == 0, tool + " is not installed");
        }
        // Given a certificate and key as ACM holds them, and an `aws` that exports them like ACM
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path run = Files.createDirectories(dir.resolve("run"));
        assertThat(run(
                                dir,
                                "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
                                        + "-subj /CN=gw1.sip.example.com -keyout acm-key.pem -out acm-cert.pem")
                        .exitValue)
                .isZero();
        Path aws = bin.resolve("aws");
        Files.writeString(aws, """
                #!/bin/bash
                set -euo pipefail
                while [ $# -gt 0 ]; do [ "$1" = --passphrase ] && pass="${2#fileb://}"; shift; done
                # fileb:// sends the file's bytes as they are: a trailing newline would be part of it
                [ "$(wc -l < "$pass")" -eq 0 ] || { echo "passphrase file ends in a newline" >&2; exit 1; }
                key=$(openssl pkcs8 -topk8 -v2 aes-256-cbc -in %1$s/acm-key.pem -passout file:"$pass")
                python3 -c 'import json,sys; print(json.dumps({"Certificate": open(sys.argv[1]).read(), \
                "CertificateChain": open(sys.argv[1]).read(), "PrivateKey": sys.argv[2]}))' %1$s/acm-cert.pem "$key"
                """.formatted(dir));
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwx------"));

        // When the user data's keystore lines run (in a scratch directory instead of /run/voicebridge)
        String script = keystoreLines()
                .replace("/run/voicebridge", run.toString())
                .replace("@Ref(GatewaySipCertificateArn)", "arn:aws:acm:us-east-1:123456789012:certificate/x")
                .replaceAll("(?m)^chown .*$", "true"); // the container's uid may not be ours to give
        Result result = run(dir, "export PATH=" + bin + ":$PATH\nset -euo pipefail\numask 077\n" + script);

        // Then they succeed, and the keystore opens with the password in the secrets file and holds the key
        assertThat(result.exitValue).as(result.output).isZero();
        String secrets = Files.readString(run.resolve("secrets.env.new"));
        assertThat(secrets).startsWith("GATEWAY_SIP_TLS_KEYSTORE_PASSWORD=");
        char[] password = secrets.strip().substring(secrets.indexOf('=') + 1).toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(run.resolve("sip-tls.p12"))) {
            keystore.load(in, password);
        }
        assertThat(keystore.getKey("gateway", password)).isInstanceOf(PrivateKey.class);
        assertThat(keystore.getCertificate("gateway").toString()).contains("CN=gw1.sip.example.com");
        // and the export's PEM files and passphrases are gone; only the keystore and its fingerprint stay
        try (var left = Files.list(run)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("sip-tls.p12", "sip-tls.fingerprint", "secrets.env.new");
        }
        assertThat(Files.getPosixFilePermissions(run.resolve("sip-tls.p12")))
                .isEqualTo(PosixFilePermissions.fromString("r--------"));
    }

    /** From the first TLS line of the start script to the last. */
    private static String keystoreLines() {
        TemplateView view = new TemplateView(Synthesis.synthesize(Map.of()));
        String userData = TemplateView.render(((Map<?, ?>) properties(view.resources()
                                .get(view.logicalIdStartingWith("AWS::EC2::Instance", "GatewayInstance")))
                        .get("UserData"))
                .get("Fn::Base64"));
        int start = userData.indexOf("openssl rand -hex 32 | tr");
        String last = "rm -f /run/voicebridge/tls-pass";
        int end = userData.indexOf(last) + last.length();
        assertThat(start).isNotNegative();
        return userData.substring(start, end);
    }

    private record Result(int exitValue, String output) {}

    private static Result run(Path dir, String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(bash.exitValue(), output);
    }
}
