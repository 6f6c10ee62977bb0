package dev.voicebridge.gateway.sip.tls;

import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * JAIN-SIP's hook for TLS keys ({@code gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER}): hands the
 * stack the {@link TlsKeyMaterial} already checked at start-up. JAIN-SIP instantiates it by class
 * name, so the material is registered under the stack's name beforehand. This keeps the keystore
 * path and password out of the stack properties and out of the JVM-wide {@code javax.net.ssl.*}
 * system properties, and lets several endpoints (tests) hold different keys in one JVM.
 *
 * <p>{@link #init} runs on the thread creating the stack; the managers are read by JAIN-SIP's NIO
 * threads afterwards. The registry is a concurrent map.
 */
public final class SipTlsSecurityProvider implements SecurityManagerProvider {

    private static final Map<String, TlsKeyMaterial> BY_STACK = new ConcurrentHashMap<>();

    private TlsKeyMaterial material;

    /** JAIN-SIP creates this reflectively. */
    public SipTlsSecurityProvider() {}

    static void register(String stackName, TlsKeyMaterial material) {
        BY_STACK.put(stackName, material);
    }

    static void unregister(String stackName) {
        BY_STACK.remove(stackName);
    }

    @Override
    public void init(Properties properties) throws GeneralSecurityException {
        String stackName = properties.getProperty("javax.sip.STACK_NAME");
        material = stackName == null ? null : BY_STACK.get(stackName);
        if (material == null) {
            throw new GeneralSecurityException("no TLS key material registered for SIP stack " + stackName);
        }
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return material.keyManagers();
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return material.trustManagers();
    }
}
