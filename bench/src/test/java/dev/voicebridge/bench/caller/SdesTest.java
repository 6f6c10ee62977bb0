package dev.voicebridge.bench.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.rtp.srtp.SrtpProtection;
import dev.voicebridge.gateway.sip.sdp.MediaSecurity;
import dev.voicebridge.gateway.sip.sdp.SdpNegotiator;
import dev.voicebridge.gateway.sip.sdp.SdpParser;
import dev.voicebridge.gateway.sip.sdp.SessionDescription;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench caller's SDES against the gateway's own offer/answer code: the offer {@link SipCaller}
 * sends is accepted by the gateway's {@link SdpNegotiator} under the policy of its TLS listener, the
 * answer that negotiator writes sets up the caller's SRTP, and packets then cross both ways with each
 * side holding the other's key. Answers the caller cannot follow fail naming why, without the key.
 */
class SdesTest {

    private static final Pattern INLINE = Pattern.compile("inline:([A-Za-z0-9+/=]+)");

    private final SdpNegotiator gateway = new SdpNegotiator(List.of(AudioFormat.Encoding.PCMU));

    @Test
    void shouldSetUpSrtpBothWaysWithTheGatewaysAnswer() {
        // Given the caller's SRTP offer, negotiated by the gateway as its TLS listener does
        Sdes sdes = Sdes.offer();
        SessionDescription offer = SdpParser.parse(SipCaller.offer(7, 41000, sdes));
        SdpNegotiator.Result result = gateway.negotiate(offer, MediaSecurity.SRTP_REQUIRED);
        assertThat(result).isInstanceOf(SdpNegotiator.Result.Accepted.class);
        SdpNegotiator.Result.Accepted accepted = (SdpNegotiator.Result.Accepted) result;
        String answer = gateway.answer(offer, accepted, "127.0.0.1", 40000, 1, 1);
        SrtpProtection gatewaySide = new SrtpProtection(
                accepted.sdes().suite(),
                accepted.sdes().localKey(),
                accepted.sdes().remoteKey());

        // When the caller reads the answer
        SrtpProtection callerSide = sdes.answer(answer);

        // Then what the caller sends, the gateway opens, and what the gateway sends, the caller opens
        byte[] up = rtp(1, (byte) 0x11);
        byte[] upOnWire = callerSide.protectRtp(up);
        assertThat(gatewaySide.unprotectRtp(upOnWire, upOnWire.length)).isEqualTo(up);
        byte[] down = rtp(1, (byte) 0x22);
        byte[] downOnWire = gatewaySide.protectRtp(down);
        assertThat(callerSide.unprotectRtp(downOnWire, downOnWire.length)).isEqualTo(down);
        // And the audio is not on the wire in clear: the payload differs from the plain one
        assertThat(Arrays.copyOfRange(upOnWire, 12, 172)).isNotEqualTo(Arrays.copyOfRange(up, 12, 172));
    }

    @Test
    void shouldOfferAFreshKeyOnEveryCall() {
        // Given two offers
        String first = inline(Sdes.offer().cryptoLine());
        String second = inline(Sdes.offer().cryptoLine());

        // Then each carries its own 30-byte key and salt, in the suite the gateway and Chime speak
        assertThat(first).isNotEqualTo(second);
        assertThat(java.util.Base64.getDecoder().decode(first)).hasSize(30);
        assertThat(Sdes.offer().cryptoLine()).startsWith("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
    }

    @Test
    void shouldRefuseAnswersItCannotFollowNamingWhyWithoutTheKey() {
        // Given an offer, and the key an answer carries
        Sdes sdes = Sdes.offer();
        String key = inline(Sdes.offer().cryptoLine());
        String media = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio 40000 RTP/SAVP 0\r\n";

        // Then each answer the caller cannot use is refused, saying why, and the key is in no message
        assertThatThrownBy(() -> sdes.answer("v=0\r\nm=audio 40000 RTP/AVP 0\r\n"))
                .hasMessageContaining("not RTP/SAVP");
        assertThatThrownBy(() -> sdes.answer(media)).hasMessageContaining("no a=crypto line");
        assertThatThrownBy(() -> sdes.answer(media + "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:" + key + "\r\n"))
                .hasMessageContaining("does not answer tag 1")
                .hasMessageNotContaining(key);
        assertThatThrownBy(() -> sdes.answer(media + "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + key + "\r\n"))
                .hasMessageContaining("does not answer tag 1 AES_CM_128_HMAC_SHA1_80")
                .hasMessageNotContaining(key);
        assertThatThrownBy(
                        () -> sdes.answer(media + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + key + "|2^20|1:4\r\n"))
                .hasMessageContaining("parameters the bench does not follow")
                .hasMessageNotContaining(key);
        assertThatThrownBy(() -> sdes.answer(media + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJD\r\n"))
                .hasMessageContaining("not 30 bytes");
        assertThatThrownBy(() -> sdes.answer(media + sdes.cryptoLine())).hasMessageContaining("our own key");
    }

    private static byte[] rtp(int seq, byte fill) {
        byte[] p = new byte[12 + 160];
        p[0] = (byte) 0x80;
        p[3] = (byte) seq;
        p[11] = 0x2A;
        Arrays.fill(p, 12, p.length, fill);
        return p;
    }

    private static String inline(String line) {
        Matcher m = INLINE.matcher(line);
        assertThat(m.find()).as("an inline key in the line").isTrue();
        return m.group(1);
    }
}
