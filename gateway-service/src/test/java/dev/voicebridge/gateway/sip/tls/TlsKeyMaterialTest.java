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
 * message naming the setting, the file and why, and never the password. Dates are judged against a
 * fixed Clock, with a certificate valid during 2030, so today's date plays no part.
 */
class TlsKeyMaterialTest {

    // fixed instant: judged only by fixed Clocks against a certificate made valid for 2030; never now.
    private static final Instant DURING_2030 = Instant.parse("2030-06-01T12:00:00Z");

    @TempDir
    static Path dir;

    private static Path valid2030;
    private static Path certificateOnly;

    @BeforeAll
    static void makeKeystores() {
        valid2030 = TestKeystores.selfSigned(dir, "gateway-2030.p12", "2030/01/01 00:00:00", 365);
        certificateOnly = TestKeystores.certificateOnly(valid2030, dir, "trust.p12");
    }

    @Test
    void shouldLoadAKeystoreValidAtTheClocksNow() {
        // Given a keystore valid during 2030, When it is loaded on 1 June 2030
        TlsKeyMaterial material =
                TlsKeyMaterial.load(settings(valid2030.toString(), TestKeystores.PASSWORD), at(DURING_2030));

        // Then its key is served, and its description names the certificate and its end
        assertThat(material.keyManagers()).isNotEmpty();
        assertThat(material.trustManagers()).isNotEmpty();
        assertThat(material.certificate()).contains("CN=localhost").contains("SHA-256");
        assertThat(material.notAfter()).isAfter(DURING_2030);
    }

    @Test
    void shouldRefuseAnExpiredCertificateSayingWhenItExpired() {
        // Given the same keystore, When the clock says 2031-06-01
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        settings(valid2030.toString(), TestKeystores.PASSWORD),
                        // fixed instant: a fixed Clock after the certificate's fixed end; never now
                        at(Instant.parse("2031-06-01T00:00:00Z"))))
                // Then the start fails naming the setting, the certificate and the date
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("GATEWAY_SIP_TLS_KEYSTORE " + valid2030)
                .hasMessageContaining("CN=localhost")
                .hasMessageContaining("expired on 2031-01-01")
                .hasMessageNotContaining(TestKeystores.PASSWORD);
    }

    @Test
    void shouldRefuseACertificateNotYetValid() {
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        settings(valid2030.toString(), TestKeystores.PASSWORD),
                        // fixed instant: a fixed Clock before the certificate's fixed start; never now
                        at(Instant.parse("2029-12-31T00:00:00Z"))))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("is not valid before 2030-01-01");
    }

    @Test
    void shouldRefuseAWrongPasswordWithoutRepeatingIt() {
        assertThatThrownBy(
                        () -> TlsKeyMaterial.load(settings(valid2030.toString(), "not-the-password"), at(DURING_2030)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("GATEWAY_SIP_TLS_KEYSTORE " + valid2030 + ": wrong password")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void shouldRefuseAMissingFile() {
        String missing = dir.resolve("nowhere.p12").toString();
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(missing, TestKeystores.PASSWORD), at(DURING_2030)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessage("GATEWAY_SIP_TLS_KEYSTORE " + missing + ": no such file");
    }

    @Test
    void shouldRefuseAFileThatIsNotAKeystore() throws Exception {
        Path pem = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(pem.toString(), TestKeystores.PASSWORD), at(DURING_2030)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("not a readable PKCS#12 keystore");
    }

    @Test
    void shouldRefuseAKeystoreWithoutAPrivateKey() {
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        settings(certificateOnly.toString(), TestKeystores.PASSWORD), at(DURING_2030)))
                .isInstanceOf(TlsSetupException.class)
                .hasMessageContaining("holds no private key");
    }

    @Test
    void shouldRefuseMissingSettingsNamingThem() {
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings("", ""), at(DURING_2030)))
                .hasMessageStartingWith("GATEWAY_SIP_TLS_KEYSTORE is not set");
        assertThatThrownBy(() -> TlsKeyMaterial.load(settings(valid2030.toString(), ""), at(DURING_2030)))
                .hasMessageStartingWith("GATEWAY_SIP_TLS_KEYSTORE_PASSWORD is not set");
    }

    @Test
    void shouldUseATruststoreAndRefuseOneWithoutCertificates() {
        // Given the certificate-only store as truststore, Then it loads
        assertThat(TlsKeyMaterial.load(
                                new SipTlsProperties(
                                        0,
                                        valid2030.toString(),
                                        TestKeystores.PASSWORD,
                                        certificateOnly.toString(),
                                        ""),
                                at(DURING_2030))
                        .trustManagers())
                .isNotEmpty();
        // Given a missing truststore, Then the message names that setting
        assertThatThrownBy(() -> TlsKeyMaterial.load(
                        new SipTlsProperties(0, valid2030.toString(), TestKeystores.PASSWORD, "/nonexistent/t.p12", ""),
                        at(DURING_2030)))
                .hasMessage("GATEWAY_SIP_TLS_TRUSTSTORE /nonexistent/t.p12: no such file");
    }

    @Test
    void shouldNeverShowThePasswordInTheSettingsToString() {
        assertThat(settings(valid2030.toString(), TestKeystores.PASSWORD).toString())
                .doesNotContain(TestKeystores.PASSWORD);
    }

    private static SipTlsProperties settings(String keystore, String password) {
        return new SipTlsProperties(0, keystore, password, "", "");
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
