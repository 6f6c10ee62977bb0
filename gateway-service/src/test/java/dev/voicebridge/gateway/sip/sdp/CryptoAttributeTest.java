package dev.voicebridge.gateway.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.rtp.srtp.MasterKey;
import dev.voicebridge.gateway.rtp.srtp.SrtpSuite;
import org.junit.jupiter.api.Test;

class CryptoAttributeTest {

    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e";

    @Test
    void shouldParseASupportedLineWithLifetime() {
        // Given RFC 4568's form with a lifetime
        // When it is parsed
        CryptoAttribute c = CryptoAttribute.parse("2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY + "|2^31");

        // Then tag, suite and key are read and the line is usable
        assertThat(c.tag()).isEqualTo(2);
        assertThat(c.supportedSuite()).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(c.key()).isEqualTo(MasterKey.fromBase64(KEY));
        assertThat(c.usable()).isNull();
    }

    @Test
    void shouldMarkLinesTheGatewayCannotUseWithAReason() {
        // Given lines with an unknown suite, an MKI, two keys, a short lifetime, a session parameter, a bad key
        // When each is parsed
        // Then each is kept but unusable, with a reason that names no key material
        assertThat(CryptoAttribute.parse("1 AES_256_CM_HMAC_SHA1_80 inline:" + KEY)
                        .usable())
                .contains("AES_256_CM_HMAC_SHA1_80");
        assertThat(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:4")
                        .usable())
                .contains("MKI");
        assertThat(CryptoAttribute.parse(
                                "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31|1:4;inline:" + KEY + "|2^31|2:4")
                        .usable())
                .contains("MKI");
        assertThat(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^10")
                        .usable())
                .contains("lifetime");
        assertThat(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " UNENCRYPTED_SRTP")
                        .usable())
                .contains("UNENCRYPTED_SRTP");
        assertThat(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + " KDR=0 WSH=64")
                        .usable())
                .isNull();
        CryptoAttribute shortKey = CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:AQIDBAUG");
        assertThat(shortKey.usable()).contains("30 bytes").doesNotContain("AQIDBAUG");
        assertThat(shortKey.supportedSuite()).isEmpty();
    }

    @Test
    void shouldRefuseALineThatIsNotCryptoAtAllWithoutQuotingItsKey() {
        // Given a line with a key but a broken tag, When it is parsed, Then the error omits the key
        assertThatThrownBy(() -> CryptoAttribute.parse("x AES_CM_128_HMAC_SHA1_80 inline:" + KEY))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> CryptoAttribute.parse("1 inline:" + KEY))
                .isInstanceOf(SdpException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).contains("inline:<redacted>"));
    }

    @Test
    void shouldFormatAnAnswerLineThatParsesBack() {
        // Given a fresh key, When our answer line is written
        MasterKey key = MasterKey.generate();
        String value = CryptoAttribute.format(7, SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);

        // Then it is RFC 4568's form and reads back as the same tag, suite and key
        assertThat(value).startsWith("7 AES_CM_128_HMAC_SHA1_80 inline:");
        CryptoAttribute back = CryptoAttribute.parse(value);
        assertThat(back.key()).isEqualTo(key);
        assertThat(back.supportedSuite()).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
    }

    @Test
    void shouldRedactKeysInTextAndInToString() {
        // Given a whole SDP body with two crypto lines
        String sdp = "m=audio 1 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 INLINE:" + KEY + "\r\n";

        // When it is redacted, Then no key remains and the rest does
        String redacted = CryptoAttribute.redact(sdp);
        assertThat(redacted)
                .doesNotContain(KEY)
                .contains("inline:<redacted>|2^31")
                .contains("m=audio 1 RTP/SAVP 0");
        assertThat(CryptoAttribute.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY)
                        .toString())
                .doesNotContain(KEY)
                .contains("redacted");
        assertThat(CryptoAttribute.redact("no keys here")).isEqualTo("no keys here");
    }

    @Test
    void shouldKeepKeysOutOfParserErrors() {
        // Given an SDP whose crypto line lost its "a=", so the parser quotes it in its error
        String sdp = "v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 5 RTP/SAVP 0\r\ncrypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                + KEY + "\r\n";

        // When it is parsed, Then the error names the line without the key
        assertThatThrownBy(() -> SdpParser.parse(sdp))
                .isInstanceOf(SdpException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).contains("<redacted>"));
    }
}
