package dev.voicebridge.bench.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's TLS identity for one bench session: an EC key and a self-signed certificate for
 * 127.0.0.1, made by the JDK's own {@code keytool} in a temporary directory (deleted on exit) under a
 * random password, so no key is committed and none outlives the run. The callers trust exactly this
 * certificate. Immutable once made; any thread.
 */
public final class BenchKeystore {

    private static final String ALIAS = "gateway";

    private final Path file;
    private final String password;
    private final X509Certificate certificate;

    private BenchKeystore(Path file, String password, X509Certificate certificate) {
        this.file = file;
        this.password = password;
        this.certificate = certificate;
    }

    /**
     * Makes a keystore valid from yesterday for 60 days: the gateway refuses an expired certificate and
     * warns about one expiring within 21 days, and neither belongs in a benchmark's gateway log.
     */
    public static BenchKeystore create() {
        try {
            Path dir = Files.createTempDirectory("voicebridge-bench-tls");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("gateway.p12");
            file.toFile().deleteOnExit();
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            keytool(
                    "-genkeypair",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost, O=VoiceBridge bench",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-startdate",
                    "-1d",
                    "-validity",
                    "60",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    file.toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password.toCharArray());
            }
            return new BenchKeystore(file, password, (X509Certificate) store.getCertificate(ALIAS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the keystore keytool made: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The keystore's (and key's) password, for the gateway's settings only; never printed. */
    String password() {
        return password;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "BenchKeystore[" + file + ", password redacted]";
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
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
