package dev.voicebridge.gateway.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on every parsed request before the SIP stack creates any transaction state: oversized
 * requests get 513 Message Too Large and non-SIP request URIs 416 (RFC 4475 3.3.7), without creating
 * transaction state. Sources outside the allowlist never get this far (the transport guard drops
 * their datagrams and closes their connections unread); the check here only backs that up, silently.
 * Runs on the stack's worker threads.
 *
 * <p>JAIN-SIP creates valves by class name, so each stack's policy is registered here under the stack
 * name before the stack starts.
 */
public final class SipGuardValve implements SIPMessageValve {

    private static final Logger log = LoggerFactory.getLogger(SipGuardValve.class);
    private static final Map<String, Policy> POLICIES = new ConcurrentHashMap<>();

    /** What the valve enforces for one stack, and what it counted. */
    public static final class Policy {
        private final CidrAllowlist allowlist;
        private final int maxMessageBytes;
        private final AtomicLong rejectedSources = new AtomicLong();
        private final AtomicLong oversized = new AtomicLong();

        Policy(CidrAllowlist allowlist, int maxMessageBytes) {
            this.allowlist = allowlist;
            this.maxMessageBytes = maxMessageBytes;
        }

        public long rejectedSources() {
            return rejectedSources.get();
        }

        public long oversized() {
            return oversized.get();
        }
    }

    private Policy policy;

    static void register(String stackName, Policy policy) {
        POLICIES.put(stackName, policy);
    }

    static void unregister(String stackName) {
        POLICIES.remove(stackName);
    }

    @Override
    public void init(SipStack stack) {
        policy = POLICIES.get(stack.getStackName());
        if (policy == null) {
            throw new IllegalStateException("no SIP guard policy registered for stack " + stack.getStackName());
        }
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        InetAddress source = channel.getPeerPacketSourceAddress();
        if (!policy.allowlist.allows(source)) {
            policy.rejectedSources.incrementAndGet();
            return false;
        }
        if (request.getSize() > policy.maxMessageBytes) {
            policy.oversized.incrementAndGet();
            log.warn(
                    "Refusing {} of {} bytes from {}: larger than voicebridge.sip.max-message-bytes {}",
                    request.getMethod(),
                    request.getSize(),
                    source,
                    policy.maxMessageBytes);
            if (!Request.ACK.equals(request.getMethod())) {
                reply(request, channel, Response.MESSAGE_TOO_LARGE);
            }
            return false;
        }
        String scheme = request.getRequestURI().getScheme();
        if (!"sip".equalsIgnoreCase(scheme) && !"sips".equalsIgnoreCase(scheme) && !"tel".equalsIgnoreCase(scheme)) {
            if (!Request.ACK.equals(request.getMethod())) {
                reply(request, channel, Response.UNSUPPORTED_URI_SCHEME);
            }
            return false;
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return policy.allowlist.allows(channel.getPeerPacketSourceAddress());
    }

    @Override
    public void destroy() {
        // The policy belongs to the SipServer that registered it.
    }

    private static void reply(SIPRequest request, MessageChannel channel, int status) {
        try {
            channel.sendMessage(request.createResponse(status));
        } catch (IOException | RuntimeException e) {
            log.debug("Could not send {} to {}: {}", status, channel.getPeerAddress(), e.toString());
        }
    }
}
