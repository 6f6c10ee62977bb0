package dev.voicebridge.gateway.sip.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The JAIN-SIP properties SIP over TLS runs with: modern protocols and suites, no passwords. */
class SipTlsStackTest {

    @Test
    void shouldOfferOnlyTls12AndLaterAndForwardSecretSuites() {
        // Given the policy's stack properties
        Properties p = new Properties();
        SipTlsStack.addPolicy(p);

        // Then only TLS 1.3 and 1.2 are enabled, on server and client engines alike
        assertThat(p.getProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS")).isEqualTo("TLSv1.3,TLSv1.2");
        // and the suites are TLS 1.3 or ECDHE ones: none of JAIN-SIP's RSA key transport or anonymous defaults
        assertThat(p.getProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES").split(","))
                .isNotEmpty()
                .allMatch(s -> s.startsWith("TLS_AES_")
                        || s.startsWith("TLS_CHACHA20_")
                        || s.startsWith("TLS_ECDHE_")
                        || s.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"))
                .contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        // and Chime, which shows no client certificate, is not asked for one
        assertThat(p.getProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE")).isEqualTo("Disabled");
        assertThat(p.getProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER"))
                .isEqualTo(SipTlsSecurityProvider.class.getName());
        assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("javax.net.ssl"));
    }
}
