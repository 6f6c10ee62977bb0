package dev.voicebridge.gateway.sip.tls;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SIP over TLS listening point ({@code voicebridge.sip.tls.*}), used when
 * {@code voicebridge.sip.transports} names TLS. Immutable; read on the thread that starts the SIP
 * endpoint.
 *
 * @param port               TLS port; 0 picks a free one at start-up (tests)
 * @param keystore           PKCS#12 file holding the private key and certificate chain for the
 *                           public name in the Voice Connector's origination route
 * @param keystorePassword   its password (also the key's); never logged
 * @param truststore         optional PKCS#12 of CAs trusted when the stack itself opens a TLS
 *                           connection (a BYE after Chime's connection dropped); empty = the JDK's
 * @param truststorePassword its password; empty = the keystore's
 */
@Validated
@ConfigurationProperties("voicebridge.sip.tls")
public record SipTlsProperties(
        @DefaultValue("5061") @Min(0) @Max(65535) int port,
        @DefaultValue("") String keystore,
        @DefaultValue("") String keystorePassword,
        @DefaultValue("") String truststore,
        @DefaultValue("") String truststorePassword) {

    public SipTlsProperties {
        keystore = keystore == null ? "" : keystore.strip();
        keystorePassword = keystorePassword == null ? "" : keystorePassword;
        truststore = truststore == null ? "" : truststore.strip();
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    /** No TLS settings: what a gateway that only speaks UDP/TCP has. */
    public static SipTlsProperties none() {
        return new SipTlsProperties(5061, "", "", "", "");
    }

    /** The password the truststore is opened with. */
    char[] truststorePasswordOrKeystores() {
        return (truststorePassword.isEmpty() ? keystorePassword : truststorePassword).toCharArray();
    }

    /** Without the passwords: this may end up in a log line or an exception. */
    @Override
    public String toString() {
        return "SipTlsProperties[port=" + port + ", keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
