package dev.voicebridge.gateway.rtp.srtp;

import java.util.Optional;

/**
 * The SRTP crypto suites the gateway speaks (RFC 4568 section 6.2): AES-128 in counter mode with an
 * HMAC-SHA1 tag of 80 or 32 bits. These are the two that SDES peers, Chime's encryption-enabled
 * Voice Connectors among them, offer; F8 and the 256-bit and GCM suites are not needed. Immutable.
 */
public enum SrtpSuite {
    AES_CM_128_HMAC_SHA1_80(10),
    /** The 32-bit tag is for SRTP only: SRTCP keeps an 80-bit tag (RFC 4568 section 6.2.2). */
    AES_CM_128_HMAC_SHA1_32(4);

    /** Master key and master salt, in bytes, for both suites. */
    public static final int KEY_BYTES = 16;

    public static final int SALT_BYTES = 14;

    static final int AUTH_KEY_BYTES = 20;
    static final int SRTCP_TAG_BYTES = 10;

    private final int rtpTagBytes;

    SrtpSuite(int rtpTagBytes) {
        this.rtpTagBytes = rtpTagBytes;
    }

    /** The length of the authentication tag appended to each SRTP packet. */
    public int rtpTagBytes() {
        return rtpTagBytes;
    }

    /** The length of the authentication tag appended to each SRTCP packet: 10 for both suites. */
    public int rtcpTagBytes() {
        return SRTCP_TAG_BYTES;
    }

    /** The suite with this SDP name (case as RFC 4568 writes it), if the gateway supports it. */
    public static Optional<SrtpSuite> fromSdpName(String name) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(name)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
