package dev.voicebridge.gateway.sip.sdp;

import java.util.List;
import java.util.Map;

/**
 * The parts of an SDP offer (RFC 4566) the gateway needs: the connection address and every media
 * line with its payload-type maps and direction. Unknown lines and attributes are ignored.
 */
public record SessionDescription(
        long sessionId, long sessionVersion, String connectionAddress, MediaDirection direction, List<Media> media) {

    public SessionDescription {
        media = List.copyOf(media);
    }

    /**
     * One m= line.
     *
     * @param connectionAddress the media-level c= address, or null to use the session's
     * @param direction         the media-level direction attribute, or null to use the session's
     * @param rtcpPort          the a=rtcp port, or 0 for RTP port + 1
     * @param crypto            the SDES a=crypto lines (RFC 4568) in offer order; they hold keys, and
     *                          their toString redacts them
     */
    public record Media(
            String type,
            int port,
            String protocol,
            List<String> formats,
            String connectionAddress,
            Map<Integer, RtpMap> rtpMaps,
            Map<Integer, String> fmtp,
            MediaDirection direction,
            int rtcpPort,
            List<CryptoAttribute> crypto) {

        public Media {
            crypto = List.copyOf(crypto);
            formats = List.copyOf(formats);
            rtpMaps = Map.copyOf(rtpMaps);
            fmtp = Map.copyOf(fmtp);
        }
    }

    /** An a=rtpmap line: payload type, encoding name as written, clock rate. */
    public record RtpMap(int payloadType, String encoding, int clockRate) {}
}
