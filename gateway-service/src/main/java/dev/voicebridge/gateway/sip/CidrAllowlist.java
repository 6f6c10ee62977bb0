package dev.voicebridge.gateway.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Source addresses the gateway talks to: IPv4 and IPv6 CIDR blocks (Chime publishes the Voice
 * Connector signalling and media ranges per region). An empty list allows every address.
 */
public final class CidrAllowlist {

    /** One block: the network's address bytes and the prefix length. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String value = text.strip();
            int slash = value.indexOf('/');
            String host = slash < 0 ? value : value.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.]+")) {
                // Literal addresses only: a host name here would make start-up do DNS look-ups.
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 CIDR block");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 CIDR block", e);
            }
            int bits = address.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number", e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has prefix length " + prefix + ", not 0.." + bits);
            }
            return new Cidr(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> blocks;

    private CidrAllowlist(List<Cidr> blocks) {
        this.blocks = blocks;
    }

    /** Parses the blocks; throws IllegalArgumentException naming the first bad one. */
    public static CidrAllowlist of(List<String> cidrs) {
        return new CidrAllowlist(
                cidrs.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList());
    }

    public boolean allowsAll() {
        return blocks.isEmpty();
    }

    public boolean allows(InetAddress address) {
        if (blocks.isEmpty()) {
            return true;
        }
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Cidr c : blocks) {
            if (c.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** For SDP addresses, which are text: only literal addresses can be allowed. */
    public boolean allows(String literalAddress) {
        if (blocks.isEmpty()) {
            return true;
        }
        if (literalAddress == null || !literalAddress.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return allows(InetAddress.getByName(literalAddress));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
