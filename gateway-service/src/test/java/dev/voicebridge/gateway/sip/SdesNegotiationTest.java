package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import dev.voicebridge.gateway.sip.sdp.MediaSecurity;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator.Result.Accepted;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator.Result.Rejected;
import dev.voicebridge.gateway.sip.sdp.SdpParser;
import dev.voicebridge.gateway.sip.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SDES (RFC 4568) offer/answer: suite choice, our own key in the answer, and the transport policy. */
class SdesNegotiationTest {

    private final SdpNegotiator negotiator =
            new SdpNegotiator(List.of(AudioFormat.Encoding.PCMU, AudioFormat.Encoding.PCMA));

    private static SessionDescription fixture(String name) throws IOException {
        try (InputStream in = SdesNegotiationTest.class.getResourceAsStream("/sipp/sdp/" + name)) {
            return SdpParser.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldPickTheFirstSupportedSuiteAndAnswerWithAFreshKeyForTheSameTag() throws IOException {
        // Given an encrypted Voice Connector's offer: AES-256 (tag 1), then _80 (tag 2), then _32 (tag 3)
        SessionDescription offer = fixture("chime-srtp-offer.sdp");

        // When it is negotiated where SRTP is allowed
        Accepted accepted = (Accepted) negotiator.negotiate(offer, MediaSecurity.SRTP_ALLOWED);
        String answer = negotiator.answer(offer, accepted, "198.51.100.7", 20010, 42, 1);

        // Then tag 2's suite and key are taken, and the answer is RTP/SAVP with tag 2 and another key
        assertThat(accepted.sdes().tag()).isEqualTo(2);
        assertThat(accepted.sdes().suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(accepted.sdes().remoteKey())
                .isEqualTo(MasterKey.fromBase64("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e"));
        assertThat(answer)
                .contains("m=audio 20010 RTP/SAVP 0 101\r\n")
                .contains("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:");
        assertThat(answer).containsOnlyOnce("a=crypto:");
        String ours = answer.substring(answer.indexOf("inline:") + 7, answer.indexOf("inline:") + 47);
        assertThat(MasterKey.fromBase64(ours))
                .isEqualTo(accepted.sdes().localKey())
                .isNotEqualTo(accepted.sdes().remoteKey());
        // and the answer parses back as one usable crypto line
        assertThat(SdpParser.parse(answer).media().get(0).crypto()).hasSize(1);
    }

    @Test
    void shouldGiveEachCallItsOwnKey() throws IOException {
        // Given the same offer twice, When both are negotiated, Then our keys differ
        SessionDescription offer = fixture("chime-srtp-offer.sdp");
        Accepted a = (Accepted) negotiator.negotiate(offer, MediaSecurity.SRTP_REQUIRED);
        Accepted b = (Accepted) negotiator.negotiate(offer, MediaSecurity.SRTP_REQUIRED);
        assertThat(a.sdes().localKey()).isNotEqualTo(b.sdes().localKey());
    }

    @Test
    void shouldRefuseAPlainOfferWhereSrtpIsRequiredAndAcceptItWhereAllowed() throws IOException {
        // Given Chime's plain RTP/AVP offer
        SessionDescription plain = fixture("chime-offer.sdp");

        // When SRTP is required, Then it is refused, naming why
        assertThat(negotiator.negotiate(plain, MediaSecurity.SRTP_REQUIRED))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        r -> assertThat(r.reason()).contains("SRTP").contains("required"));
        // When SRTP is only allowed, Then it is accepted as plain RTP
        assertThat(negotiator.negotiate(plain, MediaSecurity.SRTP_ALLOWED))
                .isInstanceOfSatisfying(
                        Accepted.class, a -> assertThat(a.srtp()).isFalse());
    }

    @Test
    void shouldRefuseSrtpOverPlainSignallingWhereItsKeysWouldBeReadable() throws IOException {
        // Given an SRTP offer, When it comes over SIP without TLS, Then it is refused
        assertThat(negotiator.negotiate(fixture("chime-srtp-offer.sdp"), MediaSecurity.PLAIN_ONLY))
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.reason()).contains("TLS"));
    }

    @Test
    void shouldRefuseAnSrtpOfferWithNoUsableCryptoAndSayWhyWithoutTheKey() {
        // Given an RTP/SAVP offer whose only crypto line is AES-256
        String key = "KCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4/QEFCQ0RFRkdISUpLTE1OT1BRUlNUVQ==";
        SessionDescription offer = SdpParser.parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\n"
                + "t=0 0\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + key + "\r\n");

        // When it is negotiated, Then it is refused with the suite named and no key material
        assertThat(negotiator.negotiate(offer, MediaSecurity.SRTP_REQUIRED))
                .isInstanceOfSatisfying(
                        Rejected.class,
                        r -> assertThat(r.reason())
                                .contains("AES_256_CM_HMAC_SHA1_80")
                                .doesNotContain(key.substring(0, 20)));
    }

    @Test
    void shouldKeepTheCallsKeyWhenAReofferIsAnswered() throws IOException {
        // Given an accepted SRTP offer and the key the call already answered with
        SessionDescription offer = fixture("chime-srtp-offer.sdp");
        MasterKey callKey = MasterKey.generate();
        Accepted accepted = ((Accepted) negotiator.negotiate(offer, MediaSecurity.SRTP_REQUIRED)).withLocalKey(callKey);

        // When the answer is written, Then it carries the call's key and nothing shows it in toString
        assertThat(negotiator.answer(offer, accepted, "198.51.100.7", 20010, 42, 2))
                .contains(callKey.toBase64());
        assertThat(accepted.toString()).doesNotContain(callKey.toBase64()).doesNotContain("AQIDBAUGBwgJ");
    }
}
