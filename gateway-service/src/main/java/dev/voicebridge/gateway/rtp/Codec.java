package dev.voicebridge.gateway.rtp;

import dev.voicebridge.gateway.audio.AudioFormat;

/**
 * What SDP negotiation chose for a call's RTP.
 *
 * @param format           G.711 law at 8 kHz
 * @param payloadType      the RTP payload type of the audio (0 PCMU, 8 PCMA, or as offered)
 * @param eventPayloadType the RFC 4733 telephone-event payload type, or -1 when the offer had none
 */
public record Codec(AudioFormat format, int payloadType, int eventPayloadType) {

    public Codec {
        if (format == null || format.encoding() == AudioFormat.Encoding.L16) {
            throw new IllegalArgumentException("RTP legs carry PCMU or PCMA, not " + format);
        }
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
        }
        if (eventPayloadType < -1 || eventPayloadType > 127 || eventPayloadType == payloadType) {
            throw new IllegalArgumentException("telephone-event payload type " + eventPayloadType
                    + " must be -1 or 0..127 and differ from the audio's " + payloadType);
        }
    }

    public boolean hasTelephoneEvents() {
        return eventPayloadType >= 0;
    }
}
