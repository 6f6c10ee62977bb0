package dev.voicebridge.gateway.sip.transport;

import java.net.InetAddress;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * What the gateway enforces on one SIP stack's sockets before JAIN-SIP parses a byte: the source
 * allowlist, on every datagram and every accepted TCP connection. Through {@link #configure} the
 * stack creates its sockets with {@link ScreeningNetworkLayer} and {@link
 * GuardedMessageProcessorFactory}; JAIN-SIP instantiates those by class name, so they find this guard
 * under the stack's name, registered by {@link #install} before the stack is created.
 *
 * <p>Read from the stack's receive and selector threads; safe from any thread.
 */
public final class TransportGuard {

    private static final Map<String, TransportGuard> BY_STACK = new ConcurrentHashMap<>();

    private final Predicate<InetAddress> allowlist;
    private final RefusedInputLog inputLog = new RefusedInputLog();
    private final AtomicLong refusedSources = new AtomicLong();
    private String stackName;

    /** @param allowlist whether a source address may talk SIP to the gateway at all */
    public TransportGuard(Predicate<InetAddress> allowlist) {
        this.allowlist = allowlist;
    }

    /** Sets the stack properties that put this guard in front of the stack's sockets. */
    public static void configure(Properties stackProperties) {
        stackProperties.setProperty(
                "gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", GuardedMessageProcessorFactory.class.getName());
        stackProperties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", ScreeningNetworkLayer.class.getName());
    }

    /** Makes this the guard of the stack named {@code stackName}. */
    public synchronized void install(String stackName) {
        this.stackName = stackName;
        BY_STACK.put(stackName, this);
    }

    public synchronized void uninstall() {
        if (stackName != null) {
            BY_STACK.remove(stackName, this);
        }
    }

    static TransportGuard forStack(String stackName) {
        TransportGuard guard = BY_STACK.get(stackName);
        if (guard == null) {
            throw new IllegalStateException("no SIP transport guard installed for stack " + stackName);
        }
        return guard;
    }

    /** Datagrams and TCP connections refused because their source is outside the allowlist. */
    public long refusedSources() {
        return refusedSources.get();
    }

    boolean allows(InetAddress source) {
        return source != null && allowlist.test(source);
    }

    void refused(InetAddress source, String transport) {
        refusedSources.incrementAndGet();
        inputLog.refusedSource(source, transport);
    }
}
