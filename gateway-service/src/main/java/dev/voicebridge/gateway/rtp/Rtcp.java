package dev.voicebridge.gateway.rtp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The RTCP packets the gateway sends (RFC 3550 section 6): a sender report with an SDES CNAME as a
 * compound packet, and BYE when the call ends. Received RTCP is only counted.
 */
final class Rtcp {

    private static final long NTP_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private Rtcp() {}

    static byte[] senderReport(
            long ssrc, long rtpTimestamp, long packets, long octets, String cname, long epochMillis) {
        byte[] name = cname.getBytes(StandardCharsets.US_ASCII);
        int sdesItems = 2 + name.length + 1;
        int sdesChunk = 4 + ((sdesItems + 3) / 4) * 4;
        ByteBuffer buf = ByteBuffer.allocate(28 + 4 + sdesChunk);
        buf.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt((int) ssrc);
        long seconds = epochMillis / 1000 + NTP_EPOCH_OFFSET_SECONDS;
        long fraction = ((epochMillis % 1000) << 32) / 1000;
        buf.putInt((int) seconds).putInt((int) fraction);
        buf.putInt((int) rtpTimestamp).putInt((int) packets).putInt((int) octets);
        buf.put((byte) 0x81).put((byte) 202).putShort((short) (sdesChunk / 4)).putInt((int) ssrc);
        buf.put((byte) 1).put((byte) name.length).put(name);
        // The item list ends with a null octet, padded to 32 bits: the buffer is already zeroed.
        return buf.array();
    }

    static byte[] bye(long ssrc) {
        return ByteBuffer.allocate(8)
                .put((byte) 0x81)
                .put((byte) 203)
                .putShort((short) 1)
                .putInt((int) ssrc)
                .array();
    }
}
