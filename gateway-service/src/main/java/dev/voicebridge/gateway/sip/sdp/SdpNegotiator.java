package dev.voicebridge.gateway.sip.sdp;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers an SDP offer (RFC 3264): takes the first usable audio stream, chooses G.711 in the
 * configured order of preference and RFC 4733 telephone-event when offered, mirrors the direction,
 * and rejects every other stream with port 0.
 */
public final class SdpNegotiator {

    /** The outcome of an offer. */
    public sealed interface Result {
        /** The offer can be answered. {@code mediaIndex} is the m= line used. */
        record Accepted(
                Codec codec,
                String remoteAddress,
                int remoteRtpPort,
                int remoteRtcpPort,
                MediaDirection offered,
                int mediaIndex)
                implements Result {

            /** Whether the offer put the media on hold the old way (RFC 2543 c=0.0.0.0). */
            public boolean heldByZeroAddress() {
                return "0.0.0.0".equals(remoteAddress);
            }

            /** The direction our answer takes. */
            public MediaDirection answered() {
                return heldByZeroAddress() ? MediaDirection.INACTIVE : offered.answer();
            }
        }

        /** The offer has no stream the gateway can carry; {@code reason} says why (goes in a Warning). */
        record Rejected(String reason) implements Result {}
    }

    private final List<AudioFormat.Encoding> preference;

    public SdpNegotiator(List<AudioFormat.Encoding> preference) {
        if (preference.isEmpty() || preference.contains(AudioFormat.Encoding.L16)) {
            throw new IllegalArgumentException("codec preference must list PCMU and/or PCMA, was " + preference);
        }
        this.preference = List.copyOf(preference);
    }

    public Result negotiate(SessionDescription offer) {
        List<SessionDescription.Media> media = offer.media();
        String lastReason = "the offer has no m=audio line";
        for (int i = 0; i < media.size(); i++) {
            SessionDescription.Media m = media.get(i);
            if (!m.type().equals("audio") || m.port() == 0) {
                continue;
            }
            if (!m.protocol().equals("RTP/AVP")) {
                lastReason =
                        "audio transport " + m.protocol() + " is not supported (only RTP/AVP; SRTP is not enabled)";
                continue;
            }
            String address = m.connectionAddress() != null ? m.connectionAddress() : offer.connectionAddress();
            if (address == null) {
                lastReason = "the offer has no c= line for its audio";
                continue;
            }
            Optional<Integer> audioPt = choosePayloadType(m);
            if (audioPt.isEmpty()) {
                lastReason = "none of the offered audio formats " + m.formats() + " is " + preference + " at 8000 Hz";
                continue;
            }
            int eventPt = telephoneEvent(m);
            AudioFormat format =
                    encodingOf(m, audioPt.get()) == AudioFormat.Encoding.PCMU ? AudioFormat.PCMU : AudioFormat.PCMA;
            MediaDirection direction = m.direction() != null ? m.direction() : offer.direction();
            int rtcpPort = m.rtcpPort() > 0 ? m.rtcpPort() : m.port() + 1;
            return new Result.Accepted(
                    new Codec(format, audioPt.get(), eventPt), address, m.port(), rtcpPort, direction, i);
        }
        return new Result.Rejected(lastReason);
    }

    /**
     * Writes the answer. Every offered m= line appears in the same order (RFC 3264 section 6); the
     * ones not used get port 0.
     */
    public String answer(
            SessionDescription offer,
            Result.Accepted accepted,
            String address,
            int localPort,
            long sessionId,
            long sessionVersion) {
        String ipVersion = address.contains(":") ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder(256)
                .append("v=0\r\n")
                .append("o=VoiceBridge ")
                .append(sessionId)
                .append(' ')
                .append(sessionVersion)
                .append(" IN ")
                .append(ipVersion)
                .append(' ')
                .append(address)
                .append("\r\n")
                .append("s=VoiceBridge\r\n")
                .append("c=IN ")
                .append(ipVersion)
                .append(' ')
                .append(address)
                .append("\r\n")
                .append("t=0 0\r\n");
        for (int i = 0; i < offer.media().size(); i++) {
            SessionDescription.Media m = offer.media().get(i);
            if (i != accepted.mediaIndex()) {
                sdp.append("m=")
                        .append(m.type())
                        .append(" 0 ")
                        .append(m.protocol())
                        .append(' ')
                        .append(m.formats().isEmpty() ? "0" : m.formats().get(0))
                        .append("\r\n");
                continue;
            }
            Codec codec = accepted.codec();
            sdp.append("m=audio ").append(localPort).append(" RTP/AVP ").append(codec.payloadType());
            if (codec.hasTelephoneEvents()) {
                sdp.append(' ').append(codec.eventPayloadType());
            }
            sdp.append("\r\n")
                    .append("a=rtpmap:")
                    .append(codec.payloadType())
                    .append(' ')
                    .append(codec.format().encoding())
                    .append("/8000\r\n");
            if (codec.hasTelephoneEvents()) {
                sdp.append("a=rtpmap:")
                        .append(codec.eventPayloadType())
                        .append(" telephone-event/8000\r\n")
                        .append("a=fmtp:")
                        .append(codec.eventPayloadType())
                        .append(" 0-15\r\n");
            }
            sdp.append("a=ptime:20\r\n")
                    .append("a=")
                    .append(accepted.answered().attribute())
                    .append("\r\n");
        }
        return sdp.toString();
    }

    private Optional<Integer> choosePayloadType(SessionDescription.Media m) {
        List<Integer> candidates = new ArrayList<>();
        for (AudioFormat.Encoding wanted : preference) {
            for (String f : m.formats()) {
                Integer pt = parsePt(f);
                if (pt != null && encodingOf(m, pt) == wanted) {
                    candidates.add(pt);
                }
            }
            if (!candidates.isEmpty()) {
                return Optional.of(candidates.get(0));
            }
        }
        return Optional.empty();
    }

    private static AudioFormat.Encoding encodingOf(SessionDescription.Media m, int pt) {
        SessionDescription.RtpMap map = m.rtpMaps().get(pt);
        if (map == null) {
            // Static payload types need no rtpmap (RFC 3551 table 4).
            return pt == 0 ? AudioFormat.Encoding.PCMU : pt == 8 ? AudioFormat.Encoding.PCMA : null;
        }
        if (map.clockRate() != 8000) {
            return null;
        }
        return switch (map.encoding().toUpperCase(Locale.ROOT)) {
            case "PCMU" -> AudioFormat.Encoding.PCMU;
            case "PCMA" -> AudioFormat.Encoding.PCMA;
            default -> null;
        };
    }

    private static int telephoneEvent(SessionDescription.Media m) {
        for (String f : m.formats()) {
            Integer pt = parsePt(f);
            SessionDescription.RtpMap map = pt == null ? null : m.rtpMaps().get(pt);
            if (map != null && map.encoding().equalsIgnoreCase("telephone-event") && map.clockRate() == 8000) {
                return pt;
            }
        }
        return -1;
    }

    private static Integer parsePt(String format) {
        try {
            int pt = Integer.parseInt(format);
            return pt >= 0 && pt <= 127 ? pt : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
