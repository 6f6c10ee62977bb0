package dev.voicebridge.gateway.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void shouldRoundTripAPacket() {
        // Given a packet with the marker bit and top-range fields
        RtpPacket packet = new RtpPacket(101, true, 65535, 0xFFFF_FFFFL, 0x8000_0001L, new byte[] {1, 2, 3});

        // When encoded and parsed back
        byte[] wire = packet.encode();
        RtpPacket parsed = RtpPacket.parse(wire, wire.length);

        // Then every field survives
        assertThat(parsed).usingRecursiveComparison().isEqualTo(packet);
    }

    @Test
    void shouldSkipCsrcsExtensionAndPadding() {
        // Given a packet with one CSRC, a one-word header extension and 2 bytes of padding
        byte[] wire = {
            (byte) 0xB1,
            0,
            0,
            1,
            0,
            0,
            0,
            2,
            0,
            0,
            0,
            3,
            9,
            9,
            9,
            9,
            (byte) 0xBE,
            (byte) 0xDE,
            0,
            1,
            7,
            7,
            7,
            7,
            42,
            43,
            0,
            2
        };

        // When parsed
        RtpPacket parsed = RtpPacket.parse(wire, wire.length);

        // Then only the real payload remains
        assertThat(parsed.payload()).containsExactly(42, 43);
    }

    @Test
    void shouldNameWhatIsWrongWithMalformedDatagrams() {
        // Given datagrams that are not RTP
        // When parsed
        // Then the error says why
        assertThatThrownBy(() -> RtpPacket.parse(new byte[5], 5)).hasMessageContaining("shorter than an RTP header");
        byte[] v1 = new byte[12];
        v1[0] = 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(v1, 12)).hasMessageContaining("version 1");
        byte[] hugeCsrc = new byte[12];
        hugeCsrc[0] = (byte) 0x8F;
        assertThatThrownBy(() -> RtpPacket.parse(hugeCsrc, 12)).hasMessageContaining("exceed the datagram");
        byte[] badPadding = new byte[13];
        badPadding[0] = (byte) 0xA0;
        badPadding[12] = 100;
        assertThatThrownBy(() -> RtpPacket.parse(badPadding, 13)).isInstanceOf(MalformedRtpException.class);
    }
}
