package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.sip.sdp.MediaDirection;
import dev.voicebridge.gateway.sip.sdp.SdpException;
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

class SdpNegotiatorTest {

    private final SdpNegotiator pcmuFirst =
            new SdpNegotiator(List.of(AudioFormat.Encoding.PCMU, AudioFormat.Encoding.PCMA));

    private static SessionDescription fixture(String name) throws IOException {
        try (InputStream in = SdpNegotiatorTest.class.getResourceAsStream("/sipp/sdp/" + name)) {
            return SdpParser.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void shouldChoosePcmuAndTelephoneEventFromChimeOffer() throws IOException {
        // Given the offer a Voice Connector sends
        SessionDescription offer = fixture("chime-offer.sdp");

        // When it is negotiated
        Accepted accepted = (Accepted) pcmuFirst.negotiate(offer);

        // Then PCMU with the offered telephone-event payload type is chosen, media at the offered address
        assertThat(accepted.codec().format()).isEqualTo(AudioFormat.PCMU);
        assertThat(accepted.codec().payloadType()).isZero();
        assertThat(accepted.codec().eventPayloadType()).isEqualTo(101);
        assertThat(accepted.remoteAddress()).isEqualTo("3.80.16.5");
        assertThat(accepted.remoteRtpPort()).isEqualTo(17284);
        assertThat(accepted.remoteRtcpPort()).isEqualTo(17285);
        assertThat(accepted.answered()).isEqualTo(MediaDirection.SENDRECV);
    }

    @Test
    void shouldWriteAnAnswerWithOnlyTheChosenFormats() throws IOException {
        // Given an accepted Chime offer
        SessionDescription offer = fixture("chime-offer.sdp");
        Accepted accepted = (Accepted) pcmuFirst.negotiate(offer);

        // When the answer is written for our public address and RTP port
        String answer = pcmuFirst.answer(offer, accepted, "198.51.100.7", 20010, 42, 3);

        // Then it names exactly PCMU and telephone-event, 20 ms, at our address, and parses back
        assertThat(answer)
                .contains(
                        "o=VoiceBridge 42 3 IN IP4 198.51.100.7\r\n",
                        "c=IN IP4 198.51.100.7\r\n",
                        "m=audio 20010 RTP/AVP 0 101\r\n",
                        "a=rtpmap:0 PCMU/8000\r\n",
                        "a=rtpmap:101 telephone-event/8000\r\n",
                        "a=fmtp:101 0-15\r\n",
                        "a=ptime:20\r\n",
                        "a=sendrecv\r\n");
        SessionDescription parsed = SdpParser.parse(answer);
        assertThat(parsed.media())
                .singleElement()
                .satisfies(m -> assertThat(m.formats()).containsExactly("0", "101"));
    }

    @Test
    void shouldPreferPcmaWhenConfiguredAndAnswerHoldWithRecvonly() throws IOException {
        // Given an offer (LF line endings) with G.729 and PCMA, a=rtcp and a=sendonly (the caller holds)
        SessionDescription offer = fixture("pcma-only-hold-lf.sdp");

        // When negotiated
        Accepted accepted = (Accepted) pcmuFirst.negotiate(offer);

        // Then PCMA is used (no PCMU offered), the explicit RTCP port is kept, and we answer recvonly
        assertThat(accepted.codec().format()).isEqualTo(AudioFormat.PCMA);
        assertThat(accepted.codec().payloadType()).isEqualTo(8);
        assertThat(accepted.codec().eventPayloadType()).isEqualTo(96);
        assertThat(accepted.remoteRtcpPort()).isEqualTo(4005);
        assertThat(accepted.answered()).isEqualTo(MediaDirection.RECVONLY);
        assertThat(accepted.offered().sends()).isTrue();
        assertThat(accepted.offered().receives()).isFalse();
    }

    @Test
    void shouldUseTheAudioStreamAndRejectTheOthersWithPortZero() throws IOException {
        // Given video first, then audio with its own c= line
        SessionDescription offer = fixture("video-then-audio.sdp");

        // When negotiated and answered
        Accepted accepted = (Accepted) pcmuFirst.negotiate(offer);
        String answer = pcmuFirst.answer(offer, accepted, "198.51.100.7", 20010, 1, 1);

        // Then the second m= line is used, at its media-level address, and video is refused in place
        assertThat(accepted.mediaIndex()).isEqualTo(1);
        assertThat(accepted.remoteAddress()).isEqualTo("192.0.2.2");
        assertThat(accepted.codec().hasTelephoneEvents()).isFalse();
        assertThat(answer).contains("m=video 0 RTP/AVP 96\r\n");
        assertThat(answer.indexOf("m=video")).isLessThan(answer.indexOf("m=audio"));
        assertThat(answer).doesNotContain("telephone-event");
    }

    @Test
    void shouldRejectOffersWithoutG711OrWithOnlySrtp() throws IOException {
        // Given offers the gateway cannot carry
        // When negotiated
        // Then they are rejected with a reason naming the problem
        assertThat(pcmuFirst.negotiate(fixture("no-g711.sdp")))
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.reason()).contains("[9, 18]"));
        assertThat(pcmuFirst.negotiate(fixture("srtp-only.sdp")))
                .isInstanceOfSatisfying(
                        Rejected.class, r -> assertThat(r.reason()).contains("RTP/SAVP"));
    }

    @Test
    void shouldNameTheBadLineOfMalformedSdp() {
        // Given malformed SDP bodies
        // When parsed
        // Then the error says what is wrong
        assertThatThrownBy(() -> fixture("bad-port.sdp"))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("m= port 'seventy'");
        assertThatThrownBy(() -> SdpParser.parse("hello"))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("v=0");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nc=IN IP4\r\n"))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("c= line");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\n" + "a=x\r\n".repeat(300)))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("more than");
    }

    @Test
    void shouldTreatTheOldZeroAddressAsHold() {
        // Given an RFC 2543-style hold (c=0.0.0.0)
        SessionDescription offer = SdpParser.parse(
                "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n" + "m=audio 4000 RTP/AVP 0\r\n");

        // When negotiated
        Accepted accepted = (Accepted) pcmuFirst.negotiate(offer);

        // Then nothing is sent there and the answer is inactive
        assertThat(accepted.heldByZeroAddress()).isTrue();
        assertThat(accepted.answered()).isEqualTo(MediaDirection.INACTIVE);
    }
}
