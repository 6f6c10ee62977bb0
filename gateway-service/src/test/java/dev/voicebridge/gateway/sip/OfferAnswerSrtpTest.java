package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sip.SipFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/** Which media protection an INVITE's transport allows, and GATEWAY_SIP_REQUIRE_SRTP. */
class OfferAnswerSrtpTest {

    private static OfferAnswer offers(boolean requireSrtp) {
        return new OfferAnswer(
                new SdpNegotiator(List.of(AudioFormat.Encoding.PCMU)),
                CidrAllowlist.of(List.of()),
                "198.51.100.7",
                requireSrtp);
    }

    private static Request invite(String transport, String fixture) throws Exception {
        String sdp;
        try (InputStream in = OfferAnswerSrtpTest.class.getResourceAsStream("/sipp/sdp/" + fixture)) {
            sdp = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        String text = "INVITE sip:+15550100@198.51.100.7 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 3.80.16.5:5061;branch=z9hG4bK-1\r\n"
                + "From: <sip:+15550199@3.80.16.5>;tag=a\r\n"
                + "To: <sip:+15550100@198.51.100.7>\r\n"
                + "Call-ID: srtp-1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                + "Contact: <sip:3.80.16.5:5061;transport=" + transport.toLowerCase() + ">\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        return SipFactory.getInstance().createMessageFactory().createRequest(text);
    }

    @Test
    void shouldAnswerAnSrtpOfferOverTls() throws Exception {
        // Given an encrypted Voice Connector's INVITE over TLS, When it is offered
        OfferAnswer.Outcome outcome = offers(true).initialOffer(invite("TLS", "chime-srtp-offer.sdp"), "TLS");

        // Then it is answerable with SDES
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        OfferAnswer.Outcome.Answerable.class,
                        a -> assertThat(a.accepted().sdes().suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80));
    }

    @Test
    void shouldRefuseAPlainOfferOverTlsWhereSrtpIsRequired() throws Exception {
        // Given a plain RTP/AVP offer over TLS, When SRTP is required, Then it is refused (488) saying why
        assertThat(offers(true).initialOffer(invite("TLS", "chime-offer.sdp"), "TLS"))
                .isInstanceOfSatisfying(
                        OfferAnswer.Outcome.Refused.class,
                        r -> assertThat(r.reason()).contains("SRTP"));
        // When SRTP is not required, Then it is accepted as plain RTP
        assertThat(offers(false).initialOffer(invite("TLS", "chime-offer.sdp"), "TLS"))
                .isInstanceOfSatisfying(
                        OfferAnswer.Outcome.Answerable.class,
                        a -> assertThat(a.accepted().srtp()).isFalse());
    }

    @Test
    void shouldRefuseSrtpOverUdpAndTcpAndStillTakePlainThere() throws Exception {
        for (String transport : new String[] {"UDP", "TCP"}) {
            // Given an SRTP offer over plain signalling, When it is offered, Then it is refused
            assertThat(offers(true).initialOffer(invite(transport, "chime-srtp-offer.sdp"), transport))
                    .as(transport)
                    .isInstanceOfSatisfying(
                            OfferAnswer.Outcome.Refused.class,
                            r -> assertThat(r.reason()).contains("TLS"));
            // and a plain offer there is still answered whatever require-srtp says
            assertThat(offers(true).initialOffer(invite(transport, "chime-offer.sdp"), transport))
                    .as(transport)
                    .isInstanceOf(OfferAnswer.Outcome.Answerable.class);
        }
    }

    @Test
    void shouldJudgeByTheTransportItArrivedOnNotByItsVia() throws Exception {
        // Given an SRTP offer whose Via claims TLS, When it arrived over plain TCP
        OfferAnswer.Outcome outcome = offers(true).initialOffer(invite("TLS", "chime-srtp-offer.sdp"), "tcp");

        // Then it is refused: our key would go back in clear whatever the sender wrote in its Via
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        OfferAnswer.Outcome.Refused.class,
                        r -> assertThat(r.reason()).contains("TLS"));
    }
}
