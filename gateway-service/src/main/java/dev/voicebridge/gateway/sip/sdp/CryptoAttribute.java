package dev.voicebridge.gateway.sip.sdp;

import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SDES {@code a=crypto} attribute (RFC 4568 section 9.1):
 * {@code a=crypto:<tag> <suite> inline:<base64 key||salt>[|<lifetime>][|<MKI>:<length>] [<session params>]}.
 * Parses what a peer offers and writes the gateway's answer. The line carries a master key, so this
 * class is also where it is kept out of logs: {@link #toString} redacts the key and {@link #redact}
 * masks every {@code inline:} key in a text about to be logged. Immutable; any thread.
 *
 * @param tag    the offer's tag, echoed in the answer (1..999999999)
 * @param suite  the suite name as written
 * @param key    the master key and salt, or null when the key parameter could not be read
 * @param usable null when the gateway can use this line, else why not (no key material in it)
 */
public record CryptoAttribute(int tag, String suite, MasterKey key, String usable) {

    /** Lifetimes below this would need re-keying within a long call (2^20 packets is 5.8 h at 20 ms). */
    static final long MIN_LIFETIME = 1L << 20;

    private static final Pattern INLINE_KEY = Pattern.compile("(?i)(inline:)[^\\s|;]*");

    /** The suite, if the gateway supports it and the line is usable. */
    public Optional<SrtpSuite> supportedSuite() {
        return usable == null ? SrtpSuite.fromSdpName(suite) : Optional.empty();
    }

    /**
     * Parses the value of an {@code a=crypto} attribute (after {@code crypto:}). A line the gateway
     * cannot use (unknown suite, MKI, several keys, a short lifetime, an unknown session parameter)
     * is returned with {@link #usable} saying why, so the negotiator can move to the next one.
     *
     * @throws SdpException when the line is not an a=crypto line at all; its message never holds the key
     */
    static CryptoAttribute parse(String value) {
        String[] f = value.strip().split("\\s+");
        if (f.length < 3) {
            throw new SdpException("a=crypto needs a tag, a suite and key parameters: '" + redact(value) + "'");
        }
        int tag;
        try {
            tag = Integer.parseInt(f[0]);
        } catch (NumberFormatException e) {
            tag = -1;
        }
        if (tag < 0 || tag > 999_999_999) {
            throw new SdpException("a=crypto tag '" + redact(f[0]) + "' is not 0..999999999");
        }
        String suite = f[1];
        if (SrtpSuite.fromSdpName(suite).isEmpty()) {
            return new CryptoAttribute(tag, suite, null, "suite " + suite + " is not supported");
        }
        for (int i = 3; i < f.length; i++) {
            // KDR=0 is the default we implement; WSH is only a hint. Anything else changes the
            // transform (UNENCRYPTED_SRTP, FEC_ORDER, other KDRs), and RFC 4568 section 6.3 says a line with a
            // session parameter we do not understand is not usable.
            if (!f[i].equals("KDR=0") && !f[i].startsWith("WSH=")) {
                return new CryptoAttribute(tag, suite, null, "session parameter " + f[i] + " is not supported");
            }
        }
        String keyParams = f[2];
        if (keyParams.contains(";")) {
            return new CryptoAttribute(tag, suite, null, "several master keys (MKI) are not supported");
        }
        if (!keyParams.regionMatches(true, 0, "inline:", 0, 7)) {
            return new CryptoAttribute(tag, suite, null, "the key method is not inline");
        }
        String[] parts = keyParams.substring(7).split("\\|");
        MasterKey key;
        try {
            key = MasterKey.fromBase64(parts[0]);
        } catch (IllegalArgumentException e) {
            return new CryptoAttribute(tag, suite, null, "the inline key is not 30 bytes of base64");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].contains(":")) {
                return new CryptoAttribute(tag, suite, null, "an MKI is not supported");
            }
            long lifetime = lifetime(parts[i]);
            if (lifetime < MIN_LIFETIME) {
                return new CryptoAttribute(tag, suite, null, "key lifetime " + parts[i] + " is too short");
            }
        }
        return new CryptoAttribute(tag, suite, key, null);
    }

    /** The value of our answer's attribute, {@code <tag> <suite> inline:<key>}, to follow {@code a=crypto:}. */
    public static String format(int tag, SrtpSuite suite, MasterKey key) {
        return tag + " " + suite.name() + " inline:" + key.toBase64();
    }

    /** {@code text} with every {@code inline:} key replaced, for log lines and error messages. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = INLINE_KEY.matcher(text);
        return m.find() ? m.replaceAll("$1<redacted>") : text;
    }

    private static long lifetime(String s) {
        try {
            if (s.startsWith("2^")) {
                int exp = Integer.parseInt(s.substring(2));
                return exp >= 62 ? Long.MAX_VALUE : exp < 0 ? 0 : 1L << exp;
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "CryptoAttribute[tag=" + tag + ", suite=" + suite + ", key=" + (key == null ? "none" : "redacted")
                + (usable == null ? "" : ", unusable: " + usable) + "]";
    }
}
