package dev.voicebridge.gateway.sip.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keystore check at start-up: every way a keystore can be unusable stops the start with a
 * message naming the setting, the file and why, and never the password. Dates are judged against
 * fixed Clocks set from the certificate's own validity, so today's date plays no part.
 */
class TlsKeyMaterialTest {

    private static Instant notBefore;
    private static Instant notAfter;
    /** An instant inside the certificate's validity. */
    private static Instant during;

    @TempDir
    static Path dir;

    private static Path keystore;
    private static Path certificateOnly;

    @BeforeAll
    static void makeKeystores() {
        keystore = TestKeystores.selfSigned(dir, "gateway.p12", "-1d", 365);
        certificateOnly = TestKeystores.certificateOnly(keystore, dir, "trust.p12");
        try {
            notBefore = TestKeystores.certificate(keystore).getNotBefore().toInstant();
            notAfter = TestKeystores.certificate(keystore).getNotAfter().toInstant();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        during = notBefore.plusSeconds(3600);
    }

    @Test
    void shouldLoadAKeystoreValidAtTheClocksNow() {
        // Given a keystore, When it is loaded at an instant inside its validity
        TlsKeyMaterial material =
                TlsKeyMaterial.load(settings(keystore.toString(), TestKeystores.PASSWORD), at(during));

        // Then its key is served, and its description names the certificate and its end
        assertThat(material.keyManagers()).isNotEmpty();
        assertThat(material.trustManagers()).isNotEmpty();
        assertThat(material.certificate()).contains("CN=localhost").contains("SHA-256");
        assertThat(material.notAfter()).isAfter(during);
    }

    @Test
    void shouldRefuseAnExpiredCertificateSayingWhenItExpired() {
        // Given the same keystore, When the clock says a day after it expired
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        settings(keystore.toString(), TestKeystores.PASSWORD), at(notAfter.plusSeconds(86_400))))
                // Then the start fails naming the setting, the certificate and the date
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("GATEWAY_SIP_TLS_KEYSTORE " + keystore)
                .hasMessageContaining("CN=localhost")
                .hasMessageContaining("expired on " + notAfter)
                .hasMessageNotContaining(TestKeystores.PASSWORD);
    }

    @Test
    void shouldRefuseACertificateNotYetValid() {
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        settings(keystore.toString(), TestKeystores.PASSWORD), at(notBefore.minusSeconds(86_400))))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("is not valid before " + notBefore);
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutRepeatingIt() {
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(keystore.toString(), "not-the-password"), at(during)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("GATEWAY_SIP_TLS_KEYSTORE " + keystore + ": wrong password")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void shouldRefuseAMissingFile() {
        String missing = dir.resolve("nowhere.p12").toString();
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(missing, TestKeystores.PASSWORD), at(during)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessage("GATEWAY_SIP_TLS_KEYSTORE " + missing + ": no such file");
    }

    @Test
    void shouldRefuseAFileThatIsNotAKeystore() throws Exception {
        Path pem = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(pem.toString(), TestKeystores.PASSWORD), at(during)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("not a readable PKCS#12 keystore");
    }

    @Test
    void shouldRefuseAKeystoreWithoutAPrivateKey() {
        assertThatThrownBy(() ->
                        TlsKeyMaterial.load(settings(certificateOnly.toString(), TestKeystores.PASSWORD), at(during)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("holds no private key");
    }

    @Test
    void shouldRefuseMissingSettingsNamingThem() {
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings("", ""), at(during)))
                .hasMessageStartingWith("GATEWAY_SIP_TLS_KEYSTORE is not set");
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(keystore.toString(), ""), at(during)))
                .hasMessageStartingWith("GATEWAY_SIP_TLS_KEYSTORE_PASSWORD is not set");
    }

    @Test
    void shouldUseATruststoreAndRefuseOneWithoutCertificates() {
        // Given the certificate-only store as truststore, Then it loads
        assertThat(TlsKeyMaterial.load(
                                new SipTlsProperties(
                                        0, keystore.toString(), TestKeystores.PASSWORD, certificateOnly.toString(), ""),
                                at(during))
                        .trustManagers())
                .isNotEmpty();
        // Given a missing truststore, Then the message names that setting
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        new SipTlsProperties(0, keystore.toString(), TestKeystores.PASSWORD, "/nonexistent/t.p12", ""),
                        at(during)))
                .hasMessage("GATEWAY_SIP_TLS_TRUSTSTORE /nonexistent/t.p12: no such file");
    }

    @Test
    void shouldNeverShowThePasswordInTheSettingsToString() {
        assertThat(settings(keystore.toString(), TestKeystores.PASSWORD).toString())
                .doesNotContain(TestKeystores.PASSWORD);
    }

    private static SipTlsProperties settings(String keystore, String password) {
        return new SipTlsProperties(0, keystore, password, "", "");
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
