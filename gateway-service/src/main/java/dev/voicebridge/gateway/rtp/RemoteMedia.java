package dev.voicebridge.gateway.rtp;

import java.net.InetSocketAddress;

/**
 * Where the caller's media is and which way it flows, from the caller's latest SDP.
 *
 * @param rtp        where to send RTP; RTP is heard only from this address, latched to one
 *                   port by {@link SourceLatch}
 * @param rtcp       where to send RTCP
 * @param gatewaySends    whether the gateway sends audio (false while the caller holds the call)
 * @param callerSends     whether the caller sends audio (false while it is held or inactive): the
 *                        media timeout only runs while this is true
 */
public record RemoteMedia(InetSocketAddress rtp, InetSocketAddress rtcp, boolean gatewaySends, boolean callerSends) {

    public RemoteMedia {
        if (rtp == null || rtcp == null) {
            throw new IllegalArgumentException("remote RTP and RTCP addresses must be set");
        }
    }
}
