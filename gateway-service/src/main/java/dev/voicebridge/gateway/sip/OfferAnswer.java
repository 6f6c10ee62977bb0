package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.rtp.RemoteMedia;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import dev.voicebridge.gateway.sip.sdp.MediaSecurity;
import dev.voicebridge.gateway.sip.sdp.SdpException;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import dev.voicebridge.gateway.sip.sdp.SdpParser;
import dev.voicebridge.gateway.sip.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDP offer/answer of a call (RFC 3264 over RFC 3261): the first offer in the INVITE, and the
 * later ones in re-INVITE or UPDATE that hold, resume or move the media. A media address outside
 * the allowlist is refused, or anyone allowed to signal could point our RTP at a third party.
 *
 * <p>SRTP: an INVITE over TLS may get RTP/SAVP with SDES (and with {@code require-srtp} must); over UDP
 * or TCP only plain RTP, since SDES keys in clear signalling protect nothing. The call keeps the
 * protocol it started with: a re-offer that switches, or changes the suite or tag, is refused; one that
 * brings a new caller key re-keys what we receive, while we keep our key. Called on SIP stack threads.
 */
final class OfferAnswer {

    private static final Logger log = LoggerFactory.getLogger(OfferAnswer.class);

    /** What to do with an INVITE's offer. */
    sealed interface Outcome {
        record Answerable(SessionDescription offer, SdpNegotiator.Result.Accepted accepted) implements Outcome {}

        /** {@code reason} goes into the 488's Warning header. */
        record Refused(String reason) implements Outcome {}
    }

    private final SdpNegotiator negotiator;
    private final CidrAllowlist allowlist;
    private final String advertisedAddress;
    private final boolean requireSrtp;

    OfferAnswer(SdpNegotiator negotiator, CidrAllowlist allowlist, String advertisedAddress, boolean requireSrtp) {
        this.negotiator = negotiator;
        this.allowlist = allowlist;
        this.advertisedAddress = advertisedAddress;
        this.requireSrtp = requireSrtp;
    }

    /** {@code transport} is the one the INVITE arrived on ({@link ServerTransactions#transportOf}). */
    Outcome initialOffer(Request invite, String transport) {
        String body = sdpBody(invite);
        if (body == null) {
            // Chime always offers in the INVITE; an offerless INVITE would need the offer in our 200.
            return new Outcome.Refused("the INVITE carries no SDP offer");
        }
        try {
            SessionDescription offer = SdpParser.parse(body);
            return switch (negotiator.negotiate(offer, security(transport))) {
                case SdpNegotiator.Result.Rejected(String reason) -> new Outcome.Refused(reason);
                case SdpNegotiator.Result.Accepted accepted
                when !mediaAllowed(accepted) ->
                    new Outcome.Refused(
                            "media address " + accepted.remoteAddress() + " is not in voicebridge.sip.allowed-cidrs");
                case SdpNegotiator.Result.Accepted accepted -> new Outcome.Answerable(offer, accepted);
            };
        } catch (SdpException e) {
            return new Outcome.Refused("bad SDP: " + e.getMessage());
        }
    }

    /**
     * Our answer to {@code offer}, with the o= version raised only when the answer changed. The first
     * SRTP answer of a call also arms its RTP session with the keys, before the session starts.
     */
    String answer(SipCall call, SessionDescription offer, SdpNegotiator.Result.Accepted accepted) {
        if (accepted.srtp() && call.sdes == null) {
            SdpNegotiator.Result.Sdes sdes = accepted.sdes();
            call.sdes = sdes;
            call.rtp.protect(new SrtpProtection(sdes.suite(), sdes.localKey(), sdes.remoteKey()));
        }
        String draft =
                negotiator.answer(offer, accepted, advertisedAddress, call.rtp.localPort(), call.sdpSessionId, 0);
        long version = call.sdpVersionFor(draft);
        String sdp =
                negotiator.answer(offer, accepted, advertisedAddress, call.rtp.localPort(), call.sdpSessionId, version);
        call.lastSdp(sdp);
        return sdp;
    }

    /**
     * A new offer inside the dialog: hold, unhold, a media move or a refresh. The codec stays what
     * the call started with (the call session's format is fixed for the call). Returns the answer,
     * or null when the offer cannot be kept, in which case the media is left as it was.
     */
    String reoffer(SipCall call, Request request) {
        String body = sdpBody(request);
        if (body == null) {
            // No offer: our 200 must offer (RFC 3261 14.2). Offering what we last answered keeps the media
            // as it is; the caller's answer comes in the ACK and changes nothing we send.
            return call.lastSdp();
        }
        try {
            SessionDescription offer = SdpParser.parse(body);
            SdpNegotiator.Result.Sdes current = call.sdes;
            MediaSecurity security = current == null ? MediaSecurity.PLAIN_ONLY : MediaSecurity.SRTP_REQUIRED;
            if (!(negotiator.negotiate(offer, security) instanceof SdpNegotiator.Result.Accepted offered)
                    || !offered.codec().format().equals(call.codec.format())
                    || !mediaAllowed(offered)
                    || (current != null
                            && (offered.sdes().suite() != current.suite()
                                    || offered.sdes().tag() != current.tag()))) {
                return null;
            }
            SdpNegotiator.Result.Accepted accepted = offered.withLocalKey(current == null ? null : current.localKey());
            if (current != null && !accepted.sdes().remoteKey().equals(current.remoteKey())) {
                call.sdes = accepted.sdes();
                call.rtp.rekeyInbound(accepted.sdes().remoteKey());
            }
            RemoteMedia remote = remoteMedia(accepted);
            call.remote(remote);
            call.rtp.update(remote);
            log.info("Re-offer: caller direction {}, media {}", accepted.offered(), remote.rtp());
            return answer(call, offer, accepted);
        } catch (SdpException e) {
            log.info("Re-offer with bad SDP: {}", e.getMessage());
            return null;
        }
    }

    static RemoteMedia remoteMedia(SdpNegotiator.Result.Accepted accepted) {
        InetSocketAddress rtp = new InetSocketAddress(accepted.remoteAddress(), accepted.remoteRtpPort());
        InetSocketAddress rtcp = new InetSocketAddress(accepted.remoteAddress(), accepted.remoteRtcpPort());
        if (accepted.heldByZeroAddress()) {
            return new RemoteMedia(rtp, rtcp, false, false);
        }
        return new RemoteMedia(
                rtp, rtcp, accepted.offered().receives(), accepted.offered().sends());
    }

    /**
     * What the transport an INVITE arrived on allows: SDES only where the signalling is encrypted.
     * The listener decides, not the Via, which the sender writes: a Via saying TLS on a plain TCP
     * connection must not get keys sent back in clear.
     */
    private MediaSecurity security(String transport) {
        if (!"tls".equalsIgnoreCase(transport)) {
            return MediaSecurity.PLAIN_ONLY;
        }
        return requireSrtp ? MediaSecurity.SRTP_REQUIRED : MediaSecurity.SRTP_ALLOWED;
    }

    static String sdpBody(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (type == null || body == null || body.length == 0) {
            return null;
        }
        if (!"application".equalsIgnoreCase(type.getContentType())
                || !"sdp".equalsIgnoreCase(type.getContentSubType())) {
            return null;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private boolean mediaAllowed(SdpNegotiator.Result.Accepted accepted) {
        return accepted.heldByZeroAddress() || allowlist.allows(accepted.remoteAddress());
    }
}
