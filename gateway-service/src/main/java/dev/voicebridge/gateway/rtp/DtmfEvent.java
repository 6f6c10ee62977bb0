package dev.voicebridge.gateway.rtp;

import java.nio.ByteBuffer;

/**
 * The payload of an RFC 4733 telephone-event packet (section 2.3): event code, end bit, volume and
 * duration in timestamp units. Only the 16 DTMF events (0-9, *, #, A-D) are mapped to digits.
 */
public record DtmfEvent(int event, boolean end, int volume, int duration) {

    private static final String DIGITS = "0123456789*#ABCD";

    public DtmfEvent {
        if (event < 0 || event > 255) {
            throw new IllegalArgumentException("event " + event + " is not 0..255");
        }
        if (volume < 0 || volume > 63) {
            throw new IllegalArgumentException("volume " + volume + " is not 0..63");
        }
        if (duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("duration " + duration + " is not 0..65535");
        }
    }

    public static DtmfEvent parse(byte[] payload) {
        if (payload.length < 4) {
            throw new MalformedRtpException("telephone-event payload of " + payload.length + " bytes, need 4");
        }
        ByteBuffer buf = ByteBuffer.wrap(payload);
        return new DtmfEvent(payload[0] & 0xFF, (payload[1] & 0x80) != 0, payload[1] & 0x3F, buf.getShort(2) & 0xFFFF);
    }

    public static DtmfEvent forDigit(char digit, boolean end, int duration) {
        int code = DIGITS.indexOf(Character.toUpperCase(digit));
        if (code < 0) {
            throw new IllegalArgumentException("'" + digit + "' is not a DTMF digit (0-9, *, #, A-D)");
        }
        return new DtmfEvent(code, end, 10, duration);
    }

    public static boolean isDigit(char c) {
        return DIGITS.indexOf(Character.toUpperCase(c)) >= 0;
    }

    /** The digit, or 0 for events that are not DTMF (line events, tones). */
    public char digit() {
        return event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    public byte[] encode() {
        return ByteBuffer.allocate(4)
                .put((byte) event)
                .put((byte) ((end ? 0x80 : 0) | volume))
                .putShort((short) duration)
                .array();
    }
}
