package dev.voicebridge.gateway.sip.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's TLS identity, loaded and checked once when the SIP endpoint starts: the PKCS#12
 * keystore must exist, open with its password, hold a private key, and every certificate of that
 * key's chain must be valid at the application {@link Clock}'s now. JAIN-SIP and the JDK would
 * otherwise start happily with an expired certificate and leave Chime to fail every handshake, which
 * looks like an outage far from its cause. Each failure is a {@link TlsSetupException} that says
 * which setting, which file and why.
 *
 * <p>Built on the thread that starts the endpoint; immutable afterwards. Its key and trust managers
 * are then used by JAIN-SIP's NIO threads (the JDK's managers are thread-safe).
 */
public final class TlsKeyMaterial {

    private static final Logger log = LoggerFactory.getLogger(TlsKeyMaterial.class);

    /** A certificate that ends sooner than this is logged as a warning at every start. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(21);

    private static final String KEYSTORE = "GATEWAY_SIP_TLS_KEYSTORE";
    private static final String PASSWORD = "GATEWAY_SIP_TLS_KEYSTORE_PASSWORD";
    private static final String TRUSTSTORE = "GATEWAY_SIP_TLS_TRUSTSTORE";

    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers;
    private final String certificate;
    private final Instant notAfter;

    private TlsKeyMaterial(
            KeyManager[] keyManagers, TrustManager[] trustManagers, String certificate, Instant notAfter) {
        this.keyManagers = keyManagers;
        this.trustManagers = trustManagers;
        this.certificate = certificate;
        this.notAfter = notAfter;
    }

    /** Loads and checks the keystore and truststore of {@code settings}, at {@code clock}'s now. */
    public static TlsKeyMaterial load(SipTlsProperties settings, Clock clock) {
        if (settings.keystore().isEmpty()) {
            throw new TlsSetupException(KEYSTORE + " is not set: SIP over TLS needs a PKCS#12 keystore holding the "
                    + "gateway's private key and certificate");
        }
        if (settings.keystorePassword().isEmpty()) {
            throw new TlsSetupException(
                    PASSWORD + " is not set: the keystore " + settings.keystore() + " cannot be opened without it");
        }
        char[] password = settings.keystorePassword().toCharArray();
        KeyStore keys = open(KEYSTORE, Path.of(settings.keystore()), password);
        Instant now = clock.instant();
        String alias = checkKeyEntries(keys, settings.keystore(), password, now);
        X509Certificate leaf = leafOf(keys, alias);
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(settings.truststore().isEmpty() ? null : truststore(settings));
            TlsKeyMaterial material = new TlsKeyMaterial(
                    kmf.getKeyManagers(),
                    tmf.getTrustManagers(),
                    describe(alias, leaf),
                    leaf.getNotAfter().toInstant());
            if (Duration.between(now, material.notAfter).compareTo(EXPIRY_WARNING) < 0) {
                log.warn(
                        "SIP TLS certificate {} expires on {}: renew it (Chime will refuse the gateway after that)",
                        material.certificate,
                        material.notAfter);
            }
            return material;
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(KEYSTORE + " " + settings.keystore() + ": cannot be used for TLS: "
                    + e.getClass().getSimpleName());
        }
    }

    KeyManager[] keyManagers() {
        return keyManagers.clone();
    }

    TrustManager[] trustManagers() {
        return trustManagers.clone();
    }

    /** Subject, issuer, expiry and SHA-256 fingerprint of the certificate served: public facts. */
    public String certificate() {
        return certificate;
    }

    public Instant notAfter() {
        return notAfter;
    }

    private static KeyStore open(String setting, Path file, char[] password) {
        if (!Files.isRegularFile(file)) {
            throw new TlsSetupException(setting + " " + file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new TlsSetupException(setting + " " + file + ": not readable by the gateway's user");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsSetupException(setting + " " + file + ": wrong password (the store's integrity check "
                        + "failed with the one given)");
            }
            throw new TlsSetupException(setting + " " + file + ": not a readable PKCS#12 keystore ("
                    + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(
                    setting + " " + file + ": cannot be opened (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Checks every private key entry and its chain; returns the first key's alias. */
    private static String checkKeyEntries(KeyStore keys, String file, char[] password, Instant now) {
        List<String> keyAliases = new ArrayList<>();
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (!keys.isKeyEntry(alias)) {
                    continue;
                }
                try {
                    if (!(keys.getKey(alias, password) instanceof PrivateKey)) {
                        continue;
                    }
                } catch (UnrecoverableKeyException e) {
                    throw new TlsSetupException(KEYSTORE + " " + file + ": the private key '" + alias
                            + "' does not open with " + PASSWORD + " (its key password differs)");
                }
                Certificate[] chain = keys.getCertificateChain(alias);
                if (chain == null || chain.length == 0) {
                    throw new TlsSetupException(
                            KEYSTORE + " " + file + ": the private key '" + alias + "' has no certificate");
                }
                for (Certificate c : chain) {
                    checkDates(file, alias, (X509Certificate) c, now);
                }
                keyAliases.add(alias);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(
                    KEYSTORE + " " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (keyAliases.isEmpty()) {
            throw new TlsSetupException(KEYSTORE + " " + file + ": holds no private key, only certificates; TLS needs "
                    + "the gateway's key and its certificate chain");
        }
        return keyAliases.getFirst();
    }

    private static void checkDates(String file, String alias, X509Certificate cert, Instant now) {
        try {
            cert.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new TlsSetupException(KEYSTORE + " " + file + ": certificate '" + cert.getSubjectX500Principal()
                    + "' (key '" + alias + "') expired on " + cert.getNotAfter().toInstant() + "; it is now " + now);
        } catch (CertificateNotYetValidException e) {
            throw new TlsSetupException(KEYSTORE + " " + file + ": certificate '" + cert.getSubjectX500Principal()
                    + "' (key '" + alias + "') is not valid before "
                    + cert.getNotBefore().toInstant()
                    + "; it is now " + now);
        }
    }

    private static X509Certificate leafOf(KeyStore keys, String alias) {
        try {
            return (X509Certificate) keys.getCertificateChain(alias)[0];
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(KEYSTORE + ": cannot read the certificate of '" + alias + "'");
        }
    }

    private static KeyStore truststore(SipTlsProperties settings) {
        KeyStore trust = open(TRUSTSTORE, Path.of(settings.truststore()), settings.truststorePasswordOrKeystores());
        try {
            boolean anyCertificate = false;
            for (String alias : Collections.list(trust.aliases())) {
                anyCertificate |= trust.isCertificateEntry(alias);
            }
            if (!anyCertificate) {
                throw new TlsSetupException(
                        TRUSTSTORE + " " + settings.truststore() + ": holds no trusted certificate");
            }
            return trust;
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(TRUSTSTORE + " " + settings.truststore() + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String describe(String alias, X509Certificate leaf) {
        String fingerprint;
        try {
            fingerprint = HexFormat.ofDelimiter(":")
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded()));
        } catch (GeneralSecurityException e) {
            fingerprint = "?";
        }
        return "'" + leaf.getSubjectX500Principal() + "' (key '" + alias + "', issued by '"
                + leaf.getIssuerX500Principal() + "', valid until "
                + leaf.getNotAfter().toInstant() + ", SHA-256 "
                + fingerprint + ")";
    }
}
