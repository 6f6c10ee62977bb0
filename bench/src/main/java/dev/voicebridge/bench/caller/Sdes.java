package dev.voicebridge.bench.caller;

import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import dev.voicebridge.gateway.sip.sdp.CryptoAttribute;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caller's side of one SDES key exchange (RFC 4568), as a Voice Connector with encryption on makes
 * it: an {@code RTP/SAVP} offer with one {@code a=crypto} line carrying a fresh master key of ours,
 * and, from the answer, the gateway's key. The resulting {@link SrtpProtection} is the gateway's own
 * SRTP code with the keys the other way round: we protect what we send under our key (the gateway
 * unprotects it under the key from our offer) and unprotect what we hear under the answer's key (the
 * one the gateway protects under). Immutable; created on the thread that builds the INVITE and read by
 * the thread that handles the answer.
 *
 * <p>Keys never reach a log or an error: every message goes through {@link CryptoAttribute#redact}.
 */
public final class Sdes {

    /** The tag of our only crypto line; the answer must echo it (RFC 4568 section 7.1.1). */
    static final int TAG = 1;

    static final SrtpSuite SUITE = SrtpSuite.AES_CM_128_HMAC_SHA1_80;

    private static final Pattern CRYPTO =
            Pattern.compile("(?m)^a=crypto:(\\d+)\\s+(\\S+)\\s+inline:([A-Za-z0-9+/=]+)(\\S*)[ \\t]*(.*?)\\r?$");
    private static final Pattern MEDIA = Pattern.compile("(?m)^m=audio \\d+ (\\S+) ");

    private final MasterKey local;

    private Sdes(MasterKey local) {
        this.local = local;
    }

    /** A fresh offer: a new master key and salt from {@code SecureRandom}, as each call has its own. */
    public static Sdes offer() {
        return new Sdes(MasterKey.generate());
    }

    /** The SDP profile of the offer's m= line. */
    public static String profile() {
        return "RTP/SAVP";
    }

    /** The offer's {@code a=crypto} line, with its CRLF. */
    public String cryptoLine() {
        return "a=crypto:" + CryptoAttribute.format(TAG, SUITE, local) + "\r\n";
    }

    /**
     * Reads the gateway's answer: its audio stream must be {@code RTP/SAVP} and carry one crypto line
     * with our tag, our suite and an inline key of 30 bytes.
     *
     * @throws IllegalArgumentException naming what the answer lacks (never a key)
     */
    public SrtpProtection answer(String sdp) {
        Matcher media = MEDIA.matcher(sdp);
        if (!media.find() || !media.group(1).equals(profile())) {
            throw new IllegalArgumentException(
                    "the answer's audio is not RTP/SAVP: " + (media.find(0) ? media.group(1) : "no m=audio line"));
        }
        Matcher crypto = CRYPTO.matcher(sdp);
        if (!crypto.find()) {
            throw new IllegalArgumentException("the answer has no a=crypto line with an inline key");
        }
        String line = CryptoAttribute.redact(crypto.group());
        if (Integer.parseInt(crypto.group(1)) != TAG || !crypto.group(2).equals(SUITE.name())) {
            throw new IllegalArgumentException(
                    "the answer's crypto line does not answer tag " + TAG + " " + SUITE.name() + ": " + line);
        }
        if (!crypto.group(4).isEmpty() || !crypto.group(5).isBlank()) {
            // A lifetime, an MKI or session parameters would change the transform; the gateway sends none.
            throw new IllegalArgumentException(
                    "the answer's crypto line has parameters the bench does not follow: " + line);
        }
        MasterKey remote;
        try {
            remote = MasterKey.fromBase64(crypto.group(3));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the answer's inline key is not 30 bytes of base64: " + line);
        }
        if (remote.equals(local)) {
            // RFC 4568 section 6.1: each direction has its own key; the same key twice would reuse keystream.
            throw new IllegalArgumentException("the answer sends our own key back");
        }
        return new SrtpProtection(SUITE, local, remote);
    }

    @Override
    public String toString() {
        return "Sdes[" + SUITE + ", key redacted]";
    }
}
