package dev.voicebridge.gateway.sip.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes PKCS#12 keystores at test time with the JDK's own {@code keytool}, so no private key is
 * committed and no test certificate can ever expire in the repository. Each call starts keytool
 * (about a second): make what a class needs once.
 */
public final class TestKeystores {

    public static final String PASSWORD = "test-store-secret-7f3a";

    private TestKeystores() {}

    /**
     * An EC key and self-signed certificate for {@code localhost}/127.0.0.1 in {@code dir/name}.
     * {@code startDate} is keytool's {@code -startdate}: {@code yyyy/MM/dd HH:mm:ss} for a fixed
     * date, or relative such as {@code -1d}; valid for {@code days} from it.
     */
    public static Path selfSigned(Path dir, String name, String startDate, int days) {
        Path file = dir.resolve(name);
        keytool(
                "-genkeypair",
                "-alias",
                "gateway",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost, O=VoiceBridge test",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-startdate",
                startDate,
                "-validity",
                Integer.toString(days),
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        return file;
    }

    /** A PKCS#12 with only the certificate of {@code keystore}'s key: a truststore, no key. */
    public static Path certificateOnly(Path keystore, Path dir, String name) {
        Path cert = dir.resolve(name + ".crt");
        Path file = dir.resolve(name);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "gateway",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "gateway-ca",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                PASSWORD);
        return file;
    }

    /** The certificate of the key in {@code keystore}. */
    public static X509Certificate certificate(Path keystore) throws Exception {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return (X509Certificate) store.getCertificate("gateway");
        }
    }

    /** A client TLS context that trusts exactly the certificate in {@code keystore}. */
    public static SSLContext clientTrusting(Path keystore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", certificate(keystore));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
