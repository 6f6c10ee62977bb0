package dev.voicebridge.gateway.rtp.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.rtp.RtpPacket;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * SRTP protect/unprotect: interop with packets another implementation produced, round trips,
 * tampering, replay, the rollover counter across the sequence wrap, and the 32-bit tag.
 */
class SrtpTransformTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final MasterKey RFC_KEY =
            MasterKey.of(HEX.parseHex("E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6"));
    private static final long SSRC = 0xCAFEBABEL;

    /**
     * SRTP packets of SSRC 0xCAFEBABE, timestamp seq*160, 20-byte payload (fill + i), under RFC 3711
     * B.3's master key, made by jitsi-srtp 1.1-23 (org.jitsi:jitsi-srtp), an independent
     * implementation, across the sequence wrap: 65534, 65535, then 0 and 1 with ROC 1.
     */
    private static final String[][] JITSI_80 = {
        {"65534", "8000fffe009ffec0cafebabe7b481778266c0bf42f4af59a98005bac2c0647be16086d33fbd61ea3d2de"},
        {"65535", "8000ffff009fff60cafebabe53c930592317bbcc3455e12906a4af09f3338503382b83905685c10d0291"},
        {"0", "8000000000000000cafebabe834a5c89272d069279c70a2a4e4f87ea3d6129ba5979ba4231ebe6ed8e1b"},
        {"1", "80000001000000a0cafebabe1054541fe21b80138392e91fd7d702ebcf59c21175ffa7d9d4f008c84dcf"},
    };

    private static byte[] rtp(int seq, long ssrc) {
        byte[] payload = new byte[20];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ((seq & 0xFF) + 12 + i);
        }
        return new RtpPacket(0, false, seq, seq * 160L, ssrc, payload).encode();
    }

    @Test
    void shouldProduceWhatAnIndependentImplementationProducesAcrossTheSequenceWrap() {
        // Given a sender under B.3's key
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC_KEY);

        for (String[] vector : JITSI_80) {
            // When each packet is protected in turn
            byte[] plain = rtp(Integer.parseInt(vector[0]), SSRC);
            byte[] srtp = sender.protect(plain, plain.length);

            // Then the bytes, tag included, are jitsi-srtp's (so the ROC moved to 1 at 0)
            assertThat(HEX.formatHex(srtp)).as("seq " + vector[0]).isEqualTo(vector[1]);
        }
        assertThat(sender.rolloverCounter(SSRC)).isEqualTo(1);
    }

    @Test
    void shouldUnprotectAnIndependentImplementationsPacketsAcrossTheSequenceWrap() {
        // Given a receiver under B.3's key
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC_KEY);

        for (String[] vector : JITSI_80) {
            // When jitsi-srtp's packets arrive
            byte[] srtp = HEX.parseHex(vector[1]);
            byte[] plain = receiver.unprotect(srtp, srtp.length);

            // Then each is the original RTP packet
            assertThat(plain).as("seq " + vector[0]).isEqualTo(rtp(Integer.parseInt(vector[0]), SSRC));
        }
        assertThat(receiver.rolloverCounter(SSRC)).isEqualTo(1);
    }

    @Test
    void shouldRoundTripWithFreshKeysAndHideThePayload() {
        // Given a sender and a receiver sharing a fresh key
        MasterKey key = MasterKey.generate();
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        byte[] plain = rtp(1000, 42);

        // When a packet is protected and unprotected
        byte[] srtp = sender.protect(plain, plain.length);
        byte[] back = receiver.unprotect(srtp, srtp.length);

        // Then the header is in clear, the payload is not, the tag is 10 bytes, and it comes back whole
        assertThat(srtp).hasSize(plain.length + 10);
        assertThat(Arrays.copyOf(srtp, 12)).isEqualTo(Arrays.copyOf(plain, 12));
        assertThat(Arrays.copyOfRange(srtp, 12, plain.length))
                .isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
        assertThat(back).isEqualTo(plain);
    }

    @Test
    void shouldRejectATamperedPacketAndStillAcceptTheGenuineOne() {
        // Given a protected packet
        MasterKey key = MasterKey.generate();
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        byte[] plain = rtp(7, 42);
        byte[] srtp = sender.protect(plain, plain.length);

        for (int at : new int[] {1, 3, 11, 20, srtp.length - 1}) {
            // When one bit of the header, payload or tag is flipped
            byte[] tampered = srtp.clone();
            tampered[at] ^= 0x01;

            // Then it is refused as unauthentic
            assertThatThrownBy(() -> receiver.unprotect(tampered, tampered.length))
                    .isInstanceOfSatisfying(
                            SrtpException.class,
                            e -> assertThat(e.reason())
                                    .isIn(SrtpException.Reason.AUTHENTICATION, SrtpException.Reason.MALFORMED));
        }
        // and the forgeries did not spoil the stream: the real packet still gets through
        assertThat(receiver.unprotect(srtp, srtp.length)).isEqualTo(plain);
    }

    @Test
    void shouldRejectAPacketUnderAnotherKey() {
        // Given a packet under one key and a receiver under another
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MasterKey.generate());
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MasterKey.generate());
        byte[] plain = rtp(7, 42);
        byte[] srtp = sender.protect(plain, plain.length);

        // When it arrives, Then it is refused
        assertThatThrownBy(() -> receiver.unprotect(srtp, srtp.length))
                .isInstanceOfSatisfying(
                        SrtpException.class,
                        e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.AUTHENTICATION));
    }

    @Test
    void shouldRejectAReplayedPacketButAcceptLateOnesInsideTheWindow() {
        // Given packets 100..170 protected, of which the receiver got 100..170 except 105
        MasterKey key = MasterKey.generate();
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        byte[][] sent = new byte[71][];
        for (int i = 0; i <= 70; i++) {
            byte[] plain = rtp(100 + i, 42);
            sent[i] = sender.protect(plain, plain.length);
            if (i != 5 && i != 20) {
                receiver.unprotect(sent[i], sent[i].length);
            }
        }

        // When 150 comes again, Then it is a replay
        assertThatThrownBy(() -> receiver.unprotect(sent[50], sent[50].length))
                .isInstanceOfSatisfying(
                        SrtpException.class, e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.REPLAYED));
        // When 120 arrives late but within 64 of 170, Then it is accepted once
        assertThat(receiver.unprotect(sent[20], sent[20].length)).isEqualTo(rtp(120, 42));
        assertThatThrownBy(() -> receiver.unprotect(sent[20], sent[20].length)).isInstanceOf(SrtpException.class);
        // When 105 arrives 65 behind, Then it is too old to tell from a replay
        assertThatThrownBy(() -> receiver.unprotect(sent[5], sent[5].length))
                .isInstanceOfSatisfying(
                        SrtpException.class, e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.TOO_OLD));
    }

    @Test
    void shouldFollowTheRolloverCounterAcrossWrapWithReorderingAndLoss() {
        // Given a stream that starts at 65530 and runs 200 packets, so it wraps to ROC 1
        MasterKey key = MasterKey.generate();
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key);
        byte[][] sent = new byte[200][];
        for (int i = 0; i < sent.length; i++) {
            byte[] plain = rtp((65530 + i) & 0xFFFF, 42);
            sent[i] = sender.protect(plain, plain.length);
        }

        // When the receiver gets them with 65535 and 0 swapped, and 1..3 lost
        int[] order = new int[sent.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[5] = 6;
        order[6] = 5;
        for (int i : order) {
            if (i >= 7 && i <= 9) {
                continue;
            }
            // Then every packet authenticates and decrypts to its original
            assertThat(receiver.unprotect(sent[i], sent[i].length)).isEqualTo(rtp((65530 + i) & 0xFFFF, 42));
        }
        // and the receiver's ROC is the sender's
        assertThat(receiver.rolloverCounter(42)).isEqualTo(1).isEqualTo(sender.rolloverCounter(42));
        // and a packet from before the wrap, replayed now, is placed at ROC 0 and refused as too old
        assertThatThrownBy(() -> receiver.unprotect(sent[0], sent[0].length))
                .isInstanceOfSatisfying(
                        SrtpException.class, e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.TOO_OLD));
    }

    @Test
    void shouldUseAFourByteTagForTheThirtyTwoBitSuite() {
        // Given the _32 suite under B.3's key
        SrtpTransform sender = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_32, RFC_KEY);
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_32, RFC_KEY);
        byte[] plain = rtp(65534, SSRC);

        // When a packet is protected
        byte[] srtp = sender.protect(plain, plain.length);

        // Then the tag is 4 bytes, the first 4 of the _80 tag (jitsi-srtp's _32 packet), and it round trips
        assertThat(srtp).hasSize(plain.length + 4);
        assertThat(HEX.formatHex(srtp)).isEqualTo(JITSI_80[0][1].substring(0, 2 * (plain.length + 4)));
        assertThat(receiver.unprotect(srtp, srtp.length)).isEqualTo(plain);
        // and an _80 receiver cannot read it
        SrtpTransform wrongSuite = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC_KEY);
        assertThatThrownBy(() -> wrongSuite.unprotect(srtp, srtp.length)).isInstanceOf(SrtpException.class);
    }

    @Test
    void shouldRefuseAPacketTooShortForHeaderAndTag() {
        // Given a receiver
        SrtpTransform receiver = new SrtpTransform(SrtpSuite.AES_CM_128_HMAC_SHA1_80, MasterKey.generate());

        // When 15 bytes arrive, Then they are malformed, not an exception of another kind
        assertThatThrownBy(() -> receiver.unprotect(new byte[15], 15))
                .isInstanceOfSatisfying(
                        SrtpException.class, e -> assertThat(e.reason()).isEqualTo(SrtpException.Reason.MALFORMED));
    }
}
