package dev.voicebridge.gateway.sip.sdp;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.Codec;
import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers an SDP offer (RFC 3264): takes the first usable audio stream, chooses G.711 in the
 * configured order of preference and RFC 4733 telephone-event when offered, mirrors the direction,
 * and rejects every other stream with port 0. For RTP/SAVP it takes the first a=crypto line whose
 * suite the gateway supports and answers it with the same tag and suite and a fresh key of our own
 * (SDES, RFC 4568 section 7.1). Stateless apart from configuration; any thread.
 */
public final class SdpNegotiator {

    /** The outcome of an offer. */
    public sealed interface Result {
        /**
         * The SDES outcome of an RTP/SAVP stream: the offer's tag and suite, the caller's key (for
         * what we receive) and ours (for what we send, written in the answer). Keys are redacted
         * in toString.
         */
        record Sdes(int tag, SrtpSuite suite, MasterKey remoteKey, MasterKey localKey) {}

        /** The offer can be answered. {@code mediaIndex} is the m= line used; {@code sdes} is null for RTP/AVP. */
        record Accepted(
                Codec codec,
                String remoteAddress,
                int remoteRtpPort,
                int remoteRtcpPort,
                MediaDirection offered,
                int mediaIndex,
                Sdes sdes)
                implements Result {

            /** A plain RTP/AVP stream. */
            public Accepted(
                    Codec codec,
                    String remoteAddress,
                    int remoteRtpPort,
                    int remoteRtcpPort,
                    MediaDirection offered,
                    int mediaIndex) {
                this(codec, remoteAddress, remoteRtpPort, remoteRtcpPort, offered, mediaIndex, null);
            }

            public boolean srtp() {
                return sdes != null;
            }

            /** The same, answered with {@code localKey} (a re-offer keeps the call's key). */
            public Accepted withLocalKey(MasterKey localKey) {
                return sdes == null
                        ? this
                        : new Accepted(
                                codec,
                                remoteAddress,
                                remoteRtpPort,
                                remoteRtcpPort,
                                offered,
                                mediaIndex,
                                new Sdes(sdes.tag(), sdes.suite(), sdes.remoteKey(), localKey));
            }

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

    /** Negotiates plain RTP only, as over SIP on UDP or TCP. */
    public Result negotiate(SessionDescription offer) {
        return negotiate(offer, MediaSecurity.PLAIN_ONLY);
    }

    public Result negotiate(SessionDescription offer, MediaSecurity security) {
        List<SessionDescription.Media> media = offer.media();
        String lastReason = "the offer has no m=audio line";
        for (int i = 0; i < media.size(); i++) {
            SessionDescription.Media m = media.get(i);
            if (!m.type().equals("audio") || m.port() == 0) {
                continue;
            }
            Result.Sdes sdes = null;
            if (m.protocol().equals("RTP/AVP")) {
                if (security == MediaSecurity.SRTP_REQUIRED) {
                    lastReason = "plain RTP/AVP is refused: SRTP (RTP/SAVP with a=crypto) is required";
                    continue;
                }
            } else if (m.protocol().equals("RTP/SAVP")) {
                if (security == MediaSecurity.PLAIN_ONLY) {
                    lastReason = "RTP/SAVP needs SIP over TLS: SDES keys must not cross in clear";
                    continue;
                }
                Optional<Result.Sdes> chosen = chooseCrypto(m);
                if (chosen.isEmpty()) {
                    lastReason = "no usable a=crypto line: " + cryptoReasons(m);
                    continue;
                }
                sdes = chosen.get();
            } else {
                lastReason = "audio transport " + m.protocol() + " is not supported (RTP/AVP or RTP/SAVP with SDES)";
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
                    new Codec(format, audioPt.get(), eventPt), address, m.port(), rtcpPort, direction, i, sdes);
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
            sdp.append("m=audio ")
                    .append(localPort)
                    .append(accepted.srtp() ? " RTP/SAVP " : " RTP/AVP ")
                    .append(codec.payloadType());
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
            if (accepted.srtp()) {
                Result.Sdes sdes = accepted.sdes();
                sdp.append("a=crypto:")
                        .append(CryptoAttribute.format(sdes.tag(), sdes.suite(), sdes.localKey()))
                        .append("\r\n");
            }
            sdp.append("a=ptime:20\r\n")
                    .append("a=")
                    .append(accepted.answered().attribute())
                    .append("\r\n");
        }
        return sdp.toString();
    }

    /** The first a=crypto line the gateway can use, in the offer's order of preference, with a fresh key of ours. */
    private static Optional<Result.Sdes> chooseCrypto(SessionDescription.Media m) {
        for (CryptoAttribute c : m.crypto()) {
            Optional<SrtpSuite> suite = c.supportedSuite();
            if (suite.isPresent()) {
                return Optional.of(new Result.Sdes(c.tag(), suite.get(), c.key(), MasterKey.generate()));
            }
        }
        return Optional.empty();
    }

    private static String cryptoReasons(SessionDescription.Media m) {
        if (m.crypto().isEmpty()) {
            return "the RTP/SAVP stream has none";
        }
        List<String> reasons = new ArrayList<>();
        for (CryptoAttribute c : m.crypto()) {
            reasons.add("tag " + c.tag() + ": " + c.usable());
        }
        return String.join("; ", reasons);
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
