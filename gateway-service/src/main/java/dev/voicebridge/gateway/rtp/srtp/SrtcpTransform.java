package dev.voicebridge.gateway.rtp.srtp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SRTCP (RFC 3711 section 3.4) under one master key: {@link #protect} encrypts everything after the
 * first 8 bytes of a (compound) RTCP packet, appends the E flag with the 31-bit SRTCP index and an
 * 80-bit HMAC-SHA1 tag (80 bits for both suites); {@link #unprotect} checks the tag, the replay
 * window on the SRTCP index, and decrypts when E is set. Hand-written for the reasons given in
 * {@link SrtpTransform}.
 *
 * <p>Not thread-safe: one instance per direction of a call, used only on the call's event loop.
 */
public final class SrtcpTransform {

    private static final int HEADER_BYTES = 8;
    private static final int INDEX_BYTES = 4;
    private static final long E_FLAG = 0x8000_0000L;
    private static final long INDEX_MASK = 0x7FFF_FFFFL;

    private final PacketCipher cipher;
    private final int tagBytes;
    private final Map<Long, long[]> sendIndex = new LinkedHashMap<>();
    private final Map<Long, ReplayWindow> replay = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReplayWindow> eldest) {
            return size() > SrtpTransform.MAX_STREAMS;
        }
    };

    public SrtcpTransform(SrtpSuite suite, MasterKey master) {
        this.cipher = new PacketCipher(SessionKeys.forRtcp(master));
        this.tagBytes = suite.rtcpTagBytes();
    }

    /** Encrypts an RTCP packet, sets E and the next SRTCP index of its SSRC, and appends the tag. */
    public byte[] protect(byte[] rtcp, int length) {
        if (length < HEADER_BYTES || (rtcp[0] & 0xC0) != 0x80) {
            throw new SrtpException(SrtpException.Reason.MALFORMED, "RTCP packet of " + length + " bytes is cut short");
        }
        long ssrc = ssrc(rtcp);
        long[] counter = sendIndex.computeIfAbsent(ssrc, s -> new long[1]);
        long index = counter[0];
        counter[0] = (index + 1) & INDEX_MASK;
        byte[] out = new byte[length + INDEX_BYTES + tagBytes];
        System.arraycopy(rtcp, 0, out, 0, length);
        cipher.crypt(out, HEADER_BYTES, length - HEADER_BYTES, ssrc, index);
        long word = E_FLAG | index;
        out[length] = (byte) (word >>> 24);
        out[length + 1] = (byte) (word >>> 16);
        out[length + 2] = (byte) (word >>> 8);
        out[length + 3] = (byte) word;
        byte[] tag = cipher.tag(out, 0, length + INDEX_BYTES, null, tagBytes);
        System.arraycopy(tag, 0, out, length + INDEX_BYTES, tagBytes);
        return out;
    }

    /**
     * Authenticates, checks for replay and (if E is set) decrypts an SRTCP packet; returns the RTCP.
     *
     * @throws SrtpException naming why the packet is refused
     */
    public byte[] unprotect(byte[] srtcp, int length) {
        int rtcpLength = length - INDEX_BYTES - tagBytes;
        if (rtcpLength < HEADER_BYTES) {
            throw new SrtpException(
                    SrtpException.Reason.MALFORMED, "SRTCP packet of " + length + " bytes is cut short");
        }
        long ssrc = ssrc(srtcp);
        long word = ((srtcp[rtcpLength] & 0xFFL) << 24)
                | ((srtcp[rtcpLength + 1] & 0xFFL) << 16)
                | ((srtcp[rtcpLength + 2] & 0xFFL) << 8)
                | (srtcp[rtcpLength + 3] & 0xFFL);
        long index = word & INDEX_MASK;
        ReplayWindow window = replay.get(ssrc);
        SrtpException.Reason stale = window == null ? null : window.check(index);
        if (stale != null) {
            throw new SrtpException(stale, "SRTCP index " + index + " of SSRC " + ssrc + " is " + stale);
        }
        byte[] expected = cipher.tag(srtcp, 0, rtcpLength + INDEX_BYTES, null, tagBytes);
        if (!PacketCipher.tagMatches(expected, srtcp, rtcpLength + INDEX_BYTES)) {
            throw new SrtpException(
                    SrtpException.Reason.AUTHENTICATION, "SRTCP tag mismatch for SSRC " + ssrc + " index " + index);
        }
        byte[] rtcp = new byte[rtcpLength];
        System.arraycopy(srtcp, 0, rtcp, 0, rtcpLength);
        if ((word & E_FLAG) != 0) {
            cipher.crypt(rtcp, HEADER_BYTES, rtcpLength - HEADER_BYTES, ssrc, index);
        }
        if (window == null) {
            window = new ReplayWindow();
            replay.put(ssrc, window);
        }
        window.accept(index);
        return rtcp;
    }

    private static long ssrc(byte[] p) {
        return ((p[4] & 0xFFL) << 24) | ((p[5] & 0xFFL) << 16) | ((p[6] & 0xFFL) << 8) | (p[7] & 0xFFL);
    }
}
