package dev.voicebridge.gateway.rtp.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 3711 Appendix B known-answer vectors for the AES-CM keystream and the key derivation. */
class Rfc3711VectorsTest {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    @Test
    void shouldProduceTheAppendixB2KeystreamForSsrcZeroIndexZero() {
        // Given B.2's session key and salt as a transform's keys (auth key unused here)
        SessionKeys keys = keys(hex("2B7E151628AED2A6ABF7158809CF4F3C"), hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
        PacketCipher cipher = new PacketCipher(keys);
        byte[] zeros = new byte[48];

        // When zeros are encrypted for SSRC 0, ROC 0, SEQ 0 (so the output is the keystream)
        cipher.crypt(zeros, 0, zeros.length, 0, 0);

        // Then the keystream is B.2's first three blocks
        assertThat(HEX.formatHex(zeros))
                .isEqualTo("E03EAD0935C95E80E166B16DD92B4EB4"
                        + "D23513162B02D0F72A43A2FE4A5F97AB"
                        + "41E95B3BB0A2E8DD477901E4FCA894C0");
    }

    @Test
    void shouldCarryTheCounterAcrossTheLowSixteenBitsAsAppendixB2Shows() {
        // Given B.2's keys, the keystream long enough to reach counter ...FDFEFF and ...FDFF00
        PacketCipher cipher =
                new PacketCipher(keys(hex("2B7E151628AED2A6ABF7158809CF4F3C"), hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD")));
        byte[] stream = new byte[16 * 0xFF02];

        // When it is generated from index 0
        cipher.crypt(stream, 0, stream.length, 0, 0);

        // Then blocks 0xFEFF, 0xFF00 and 0xFF01 are B.2's last three
        assertThat(HEX.formatHex(stream, 16 * 0xFEFF, 16 * 0xFF02))
                .isEqualTo("EC8CDF7398607CB0F2D21675EA9EA1E4"
                        + "362B7C3C6773516318A077D7FC5073AE"
                        + "6A2CC3787889374FBEB4C81B17BA6C44");
    }

    @Test
    void shouldDeriveTheAppendixB3SessionKeys() {
        // Given B.3's master key and salt
        MasterKey master = MasterKey.of(hex("E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6"));

        // When the SRTP session keys are derived (key derivation rate 0, index 0)
        SessionKeys keys = SessionKeys.forRtp(master);

        // Then they are B.3's cipher key, salt and first 160 bits of the auth key
        assertThat(HEX.formatHex(keys.cipherKey)).isEqualTo("C61E7A93744F39EE10734AFE3FF7A087");
        assertThat(HEX.formatHex(keys.salt)).isEqualTo("30CBBC08863D8C85D49DB34A9AE1");
        assertThat(HEX.formatHex(keys.authKey)).isEqualTo("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
    }

    @Test
    void shouldProduceTheWholeAppendixB3AuthKeyStream() {
        // Given B.3's master key and salt, When the PRF runs 94 bytes for label 1
        byte[] out =
                SessionKeys.prf(hex("E1F97A0D3E018BE0D64FA32C06DE4139"), hex("0EC675AD498AFEEBB6960B3AABE6"), 1, 94);

        // Then it is B.3's AES-CM output for the auth key, all six blocks
        assertThat(HEX.formatHex(out))
                .isEqualTo("CEBE321F6FF7716B6FD4AB49AF256A15"
                        + "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                        + "E049646C43D9327AD175578EF7227098"
                        + "6371C10C9A369AC2F94A8C5FBCDDDC25"
                        + "6D6E919A48B610EF17C2041E47403576"
                        + "6B68642C59BBFC2F34DB60DBDFB2");
    }

    @Test
    void shouldDeriveSrtcpKeysWithTheirOwnLabels() {
        // Given B.3's master key (the SRTCP values are those other implementations publish for it)
        MasterKey master = MasterKey.of(hex("E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6"));

        // When the SRTCP session keys are derived (labels 3, 4, 5)
        SessionKeys keys = SessionKeys.forRtcp(master);

        // Then they differ from SRTP's and match the known values
        assertThat(HEX.formatHex(keys.cipherKey)).isEqualTo("4C1AA45A81F73D61C800BBB00FBB1EAA");
        assertThat(HEX.formatHex(keys.salt)).isEqualTo("9581C7AD87B3E530BF3E4454A8B3");
    }

    private static SessionKeys keys(byte[] cipherKey, byte[] salt) {
        return SessionKeys.of(cipherKey, new byte[20], salt);
    }
}
