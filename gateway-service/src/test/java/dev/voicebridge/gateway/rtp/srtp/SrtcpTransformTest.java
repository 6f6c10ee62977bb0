package dev.voicebridge.gateway.rtp.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SRTCP: interop with another implementation, the E flag and index, tampering and replay. */
class SrtcpTransformTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final MasterKey RFC_KEY =
            MasterKey.of(HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6"));
    private static final byte[] SR = HEX.parseHex("80c80006cafebabe0000000100000002000000030000000400000005");
    private static final byte[] BYE = HEX.parseHex("81cb0001cafebabe");

    /** jitsi-srtp 1.1-23's SRTCP for SR then BYE of SSRC 0xCAFEBABE under RFC 3711 B.3's key. */
    private static final String JITSI_SR =
            "80c80006cafebabe1a378a30a3c0c7d34db625a3551f15902f36a2e780000000a9c83cc04776b9af4b11";

    private static final String JITSI_BYE = "81cb0001cafebabe800000019734fc35c6dfcc8cbdbd";

    @Test
    void shouldProduceAndReadWhatAnIndependentImplementationDoes() {
        // Given a sender and a receiver under B.3's key
        SrtcpTransform sender = new SrtcpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC_KEY);
        SrtcpTransform receiver = new SrtcpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC_KEY);

        // When a sender report then a BYE are protected
        String sr = HEX.formatHex(sender.protect(SR, SR.length));
        String bye = HEX.formatHex(sender.protect(BYE, BYE.length));

        // Then they carry E=1 with index 0 and 1 and equal jitsi-srtp's bytes
        assertThat(sr).isEqualTo(JITSI_SR);
        assertThat(bye).isEqualTo(JITSI_BYE);
        // and jitsi-srtp's packets unprotect to the originals
        byte[] in = HEX.parseHex(JITSI_SR);
        assertThat(receiver.unprotect(in, in.length)).isEqualTo(SR);
        in = HEX.parseHex(JITSI_BYE);
        assertThat(receiver.unprotect(in, in.length)).isEqualTo(BYE);
    }

    @Test
    void shouldKeepAnEightyBitTagForTheThirtyTwoBitSuite() {
        // Given the _32 suite, When an SR is protected
        SrtcpTransform sender = new SrtcpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_32, RFC_KEY);
        byte[] out = sender.protect(SR, SR.length);

        // Then SRTCP still has 4 bytes of E+index and a 10-byte tag (RFC 4568 section 6.2.2)
        assertThat(out).hasSize(SR.length + 4 + 10);
        assertThat(HEX.formatHex(out)).isEqualTo(JITSI_SR);
    }

    @Test
    void shouldRejectTamperedAndReplayedPackets() {
        // Given a protected SR
        MasterKey key = MasterKey.generate();
        SrtcpTransform sender = new SrtcpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        SrtcpTransform receiver = new SrtcpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        byte[] out = sender.protect(SR, SR.length);

        // When its E flag is cleared (a downgrade to "unencrypted"), Then the tag catches it
        byte[] downgraded = out.clone();
        downgraded[SR.length] &= 0x7F;
        assertThatThrownBy(() -> receiver.unprotect(downgraded, downgraded.length))
                .isInstanceOfSatisfying(
                        SrtpException.class,
                        e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.AUTHENTICATION));

        // When the genuine packet arrives twice, Then the second is a replay
        assertThat(receiver.unprotect(out, out.length)).isEqualTo(SR);
        assertThatThrownBy(() -> receiver.unprotect(out, out.length))
                .isInstanceOfSatisfying(
                        SrtpException.class, e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.REPLAYED));

        // and the encrypted part hid the report
        assertThat(Arrays.copyOfRange(out, 8, SR.length)).isNotEqualTo(Arrays.copyOfRange(SR, 8, SR.length));
    }
}
