package dev.voicebridge.gateway.sip.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one SIP endpoint needs to listen for SIP over TLS: the checked key material, the JAIN-SIP
 * stack properties that use it, and the TLS port. {@link #prepare} fails the start-up (with a log
 * line saying which setting and why) rather than let a bad certificate surface as failed handshakes
 * with Chime. {@link #close} forgets the material when the endpoint stops.
 *
 * <p>The policy: TLS 1.3 and 1.2 only (JAIN-SIP applies {@code TLS_CLIENT_PROTOCOLS} to the server
 * side too); the JDK's forward-secret cipher suites instead of JAIN-SIP's 2010 defaults
 * ({@code TLS_RSA_WITH_AES_128_CBC_SHA}, anonymous DH); no renegotiation; no client certificate
 * asked for, since a Voice Connector presents none to its origination targets and the CIDR
 * allowlist still applies.
 *
 * <p>Created and closed on the thread that starts and stops the endpoint.
 */
public final class SipTlsStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipTlsStack.class);

    /** Offered in this order; anything older is refused in the handshake. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final String stackName;
    private final TlsKeyMaterial material;
    private final int port;

    private SipTlsStack(String stackName, TlsKeyMaterial material, int port) {
        this.stackName = stackName;
        this.material = material;
        this.port = port;
    }

    /**
     * Checks the keystore at {@code clock}'s now, picks the port, and registers the material for the
     * stack {@code stackName}. Throws {@link TlsSetupException} (logged here) when TLS cannot work.
     */
    public static SipTlsStack prepare(SipTlsProperties settings, Clock clock, String stackName, String bindAddress) {
        if (clock == null) {
            throw new TlsSetupException("SIP over TLS needs the application's Clock to check the certificate dates");
        }
        TlsKeyMaterial material;
        try {
            material = TlsKeyMaterial.load(settings, clock);
        } catch (TlsSetupException e) {
            log.error("SIP over TLS cannot start: {}", e.getMessage());
            throw e;
        }
        int port = settings.port() != 0 ? settings.port() : freeTcpPort(bindAddress);
        SipTlsSecurityProvider.register(stackName, material);
        log.info("SIP over TLS on port {} with certificate {}", port, material.certificate());
        return new SipTlsStack(stackName, material, port);
    }

    /** Adds the TLS settings to the JAIN-SIP stack properties. */
    public void addTo(Properties stack) {
        addPolicy(stack);
    }

    /** The TLS policy above as JAIN-SIP stack properties; the key material comes from the provider. */
    static void addPolicy(Properties stack) {
        stack.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", SipTlsSecurityProvider.class.getName());
        stack.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", String.join(",", PROTOCOLS));
        stack.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",", cipherSuites()));
        stack.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        stack.setProperty("gov.nist.javax.sip.SSL_RENEGOTIATION_ENABLED", "false");
    }

    /** The TLS port listened on. */
    public int port() {
        return port;
    }

    public TlsKeyMaterial material() {
        return material;
    }

    @Override
    public void close() {
        SipTlsSecurityProvider.unregister(stackName);
    }

    /**
     * The JDK's default suites (already without what {@code jdk.tls.disabledAlgorithms} bans) that
     * are TLS 1.3 suites or ECDHE, i.e. forward secret, plus the renegotiation signalling value.
     */
    static List<String> cipherSuites() {
        try {
            return Arrays.stream(
                            SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites())
                    .filter(s -> s.startsWith("TLS_AES_")
                            || s.startsWith("TLS_CHACHA20_")
                            || s.startsWith("TLS_ECDHE_")
                            || s.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"))
                    .collect(Collectors.toList());
        } catch (NoSuchAlgorithmException e) {
            throw new TlsSetupException("this JDK has no default TLS context");
        }
    }

    private static int freeTcpPort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(bindAddress, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TlsSetupException("no free TCP port for SIP over TLS on " + bindAddress);
        }
    }
}
