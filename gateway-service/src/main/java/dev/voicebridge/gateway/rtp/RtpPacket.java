package dev.voicebridge.gateway.rtp;

import java.nio.ByteBuffer;

/**
 * One RTP packet (RFC 3550 section 5.1). CSRCs and header extensions are skipped on parse: the
 * gateway neither mixes nor uses extensions.
 *
 * @param payloadType 0..127
 * @param sequence    16-bit sequence number, 0..65535
 * @param timestamp   32-bit timestamp, 0..2^32-1
 * @param ssrc        32-bit synchronisation source, 0..2^32-1
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {

    public static final int HEADER_BYTES = 12;

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
        }
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence " + sequence + " is not 0..65535");
        }
        timestamp &= 0xFFFF_FFFFL;
        ssrc &= 0xFFFF_FFFFL;
        payload = payload == null ? new byte[0] : payload;
    }

    /** Parses a datagram; throws {@link MalformedRtpException} naming what is wrong. */
    public static RtpPacket parse(byte[] data, int length) {
        if (length < HEADER_BYTES) {
            throw new MalformedRtpException("datagram of " + length + " bytes is shorter than an RTP header");
        }
        int b0 = data[0] & 0xFF;
        if ((b0 >> 6) != 2) {
            throw new MalformedRtpException("RTP version " + (b0 >> 6) + " is not 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = data[1] & 0xFF;
        ByteBuffer buf = ByteBuffer.wrap(data, 0, length);
        int sequence = buf.getShort(2) & 0xFFFF;
        long timestamp = buf.getInt(4) & 0xFFFF_FFFFL;
        long ssrc = buf.getInt(8) & 0xFFFF_FFFFL;
        int offset = HEADER_BYTES + 4 * csrcCount;
        if (extension) {
            if (length < offset + 4) {
                throw new MalformedRtpException("header extension runs past the datagram");
            }
            offset += 4 + 4 * (buf.getShort(offset + 2) & 0xFFFF);
        }
        int end = length;
        if (padding) {
            int pad = data[length - 1] & 0xFF;
            if (pad == 0) {
                throw new MalformedRtpException("padding bit set with a padding count of 0");
            }
            end -= pad;
        }
        if (offset > end) {
            throw new MalformedRtpException("headers and padding (" + offset + "+" + (length - end)
                    + " bytes) exceed the datagram of " + length + " bytes");
        }
        byte[] payload = new byte[end - offset];
        System.arraycopy(data, offset, payload, 0, payload.length);
        return new RtpPacket(b1 & 0x7F, (b1 & 0x80) != 0, sequence, timestamp, ssrc, payload);
    }

    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.put((byte) 0x80);
        buf.put((byte) ((marker ? 0x80 : 0) | payloadType));
        buf.putShort((short) sequence);
        buf.putInt((int) timestamp);
        buf.putInt((int) ssrc);
        buf.put(payload);
        return buf.array();
    }
}
