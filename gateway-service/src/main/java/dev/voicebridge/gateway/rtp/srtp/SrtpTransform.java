package dev.voicebridge.gateway.rtp.srtp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SRTP (RFC 3711) for RTP packets under one master key: {@link #protect} on the sending side,
 * {@link #unprotect} on the receiving side, with AES_CM_128_HMAC_SHA1_80 or _32. It keeps, per SSRC,
 * the rollover counter (section 3.3.1, estimated as in Appendix A so a sequence wrap 65535 -> 0
 * advances it) and, when receiving, the 64-packet replay window (section 3.3.2). Key derivation rate
 * 0 and no MKI, as SDES negotiates them with Chime.
 *
 * <p><b>Why hand-written.</b> The maintained Java SRTP library on Maven Central, {@code
 * org.jitsi:jitsi-srtp} (Apache-2.0), was checked first: it resolves and works, but by default it
 * extracts and loads a bundled JNI library against the host's OpenSSL (JDK 24+ warns about that
 * restricted native access) and, on the first packet, benchmarks its AES providers for seconds under a
 * class-wide lock, which would stall a call's event loop; both are global static switches. It also
 * brings in Bouncy Castle (8.5 MB), Kotlin 1.5 with kotlin-reflect, JNA and json-simple through
 * jitsi-utils. The two suites here are AES-CTR and HMAC-SHA1 from the JDK (which jitsi-srtp itself
 * picks as fastest), and RFC 3711's Appendix B vectors pin them.
 *
 * <p>Not thread-safe: one instance per direction of a call, used only on the call's event loop.
 */
public final class SrtpTransform {

    /** SSRCs remembered at once; a caller changes SSRC a few times a call at most. */
    static final int MAX_STREAMS = 16;

    private static final int HEADER_BYTES = 12;

    private final SrtpSuite suite;
    private final PacketCipher cipher;
    private final Map<Long, Stream> streams = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Stream> eldest) {
            return size() > MAX_STREAMS;
        }
    };

    public SrtpTransform(SrtpSuite suite, MasterKey master) {
        this.suite = suite;
        this.cipher = new PacketCipher(SessionKeys.forRtp(master));
    }

    /** Encrypts the payload of an RTP packet and appends the tag; returns the SRTP packet. */
    public byte[] protect(byte[] rtp, int length) {
        int header = headerLength(rtp, length);
        if (header < 0) {
            throw new SrtpException(SrtpException.Reason.MALFORMED, "RTP packet of " + length + " bytes is cut short");
        }
        long ssrc = ssrc(rtp);
        int seq = sequence(rtp);
        Stream stream = streams.computeIfAbsent(ssrc, s -> new Stream(seq));
        long roc = stream.estimateRoc(seq);
        long index = (roc << 16) | seq;
        byte[] out = new byte[length + suite.rtpTagBytes()];
        System.arraycopy(rtp, 0, out, 0, length);
        cipher.crypt(out, header, length - header, ssrc, index);
        byte[] tag = cipher.tag(out, 0, length, (int) roc, suite.rtpTagBytes());
        System.arraycopy(tag, 0, out, length, tag.length);
        stream.advance(roc, seq);
        return out;
    }

    /**
     * Authenticates, checks for replay and decrypts an SRTP packet; returns the RTP packet. Nothing
     * about the stream changes unless the packet is authentic and fresh.
     *
     * @throws SrtpException naming why the packet is refused
     */
    public byte[] unprotect(byte[] srtp, int length) {
        int tagBytes = suite.rtpTagBytes();
        int rtpLength = length - tagBytes;
        int header = rtpLength < HEADER_BYTES ? -1 : headerLength(srtp, rtpLength);
        if (header < 0) {
            throw new SrtpException(SrtpException.Reason.MALFORMED, "SRTP packet of " + length + " bytes is cut short");
        }
        long ssrc = ssrc(srtp);
        int seq = sequence(srtp);
        Stream known = streams.get(ssrc);
        // A new SSRC gets state only once its first packet authenticates: forged SSRCs cost nothing.
        Stream stream = known != null ? known : new Stream(seq);
        long roc = stream.estimateRoc(seq);
        long index = (roc << 16) | seq;
        SrtpException.Reason stale = stream.replay.check(index);
        if (stale != null) {
            throw new SrtpException(stale, "SRTP index " + index + " of SSRC " + ssrc + " is " + stale);
        }
        byte[] expected = cipher.tag(srtp, 0, rtpLength, (int) roc, tagBytes);
        if (!PacketCipher.tagMatches(expected, srtp, rtpLength)) {
            throw new SrtpException(
                    SrtpException.Reason.AUTHENTICATION, "SRTP tag mismatch for SSRC " + ssrc + " index " + index);
        }
        byte[] rtp = new byte[rtpLength];
        System.arraycopy(srtp, 0, rtp, 0, rtpLength);
        cipher.crypt(rtp, header, rtpLength - header, ssrc, index);
        stream.replay.accept(index);
        stream.advance(roc, seq);
        if (known == null) {
            streams.put(ssrc, stream);
        }
        return rtp;
    }

    /** The rollover counter of an SSRC, or -1 if none was seen; for tests and diagnostics. */
    long rolloverCounter(long ssrc) {
        Stream s = streams.get(ssrc);
        return s == null ? -1 : s.roc;
    }

    /** The RTP header with CSRCs and extension, or -1 if it does not fit in {@code length}. */
    private static int headerLength(byte[] p, int length) {
        if (length < HEADER_BYTES || (p[0] & 0xC0) != 0x80) {
            return -1;
        }
        int header = HEADER_BYTES + 4 * (p[0] & 0x0F);
        if ((p[0] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((p[header + 2] & 0xFF) << 8) | (p[header + 3] & 0xFF));
        }
        return header <= length ? header : -1;
    }

    private static int sequence(byte[] p) {
        return ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
    }

    private static long ssrc(byte[] p) {
        return ((p[8] & 0xFFL) << 24) | ((p[9] & 0xFFL) << 16) | ((p[10] & 0xFFL) << 8) | (p[11] & 0xFFL);
    }

    /** One SSRC's rollover counter, highest sequence number (s_l) and replay window. */
    private static final class Stream {
        long roc;
        int highestSeq;
        final ReplayWindow replay = new ReplayWindow();

        Stream(int firstSeq) {
            this.highestSeq = firstSeq;
        }

        /** RFC 3711 Appendix A: the ROC the sender most likely used for {@code seq}. */
        long estimateRoc(int seq) {
            if (highestSeq < 0x8000) {
                return seq - highestSeq > 0x8000 ? (roc - 1) & 0xFFFF_FFFFL : roc;
            }
            return highestSeq - 0x8000 > seq ? (roc + 1) & 0xFFFF_FFFFL : roc;
        }

        /** Section 3.3.1: ROC and s_l move only forward, with the highest index seen. */
        void advance(long v, int seq) {
            if (v == ((roc + 1) & 0xFFFF_FFFFL) || (v == roc && seq > highestSeq)) {
                roc = v;
                highestSeq = seq;
            }
        }
    }
}
