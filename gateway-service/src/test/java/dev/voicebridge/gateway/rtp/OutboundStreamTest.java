package dev.voicebridge.gateway.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboundStreamTest {

    private static final byte[] SILENCE = filled((byte) 0xFF);
    private static final byte[] SPEECH = filled((byte) 0x42);

    private final OutboundStream stream = new OutboundStream(0xCAFEL, 65534, 0xFFFF_FF00L, 0, 101, SILENCE);

    private static byte[] filled(byte b) {
        byte[] frame = new byte[160];
        Arrays.fill(frame, b);
        return frame;
    }

    @Test
    void shouldAdvanceTimestampPerTickAndMarkTalkspurts() {
        // Given a stream near both wraps
        // When the clock ticks: speech, speech, silence, speech
        List<RtpPacket> sent =
                List.of(stream.frame(SPEECH), stream.frame(SPEECH), stream.silence(), stream.frame(SPEECH));

        // Then sequence and timestamp wrap correctly, and the marker starts each talkspurt
        assertThat(sent).extracting(RtpPacket::sequence).containsExactly(65534, 65535, 0, 1);
        assertThat(sent).extracting(RtpPacket::timestamp).containsExactly(0xFFFF_FF00L, 0xFFFF_FFA0L, 0x40L, 0xE0L);
        assertThat(sent).extracting(RtpPacket::marker).containsExactly(true, false, false, true);
        assertThat(sent.get(2).payload()).isEqualTo(SILENCE);
    }

    @Test
    void shouldPlayDtmfInPlaceOfAudioAsRfc4733() {
        // Given a queued digit
        stream.queueDtmf("5");

        // When the clock ticks through the whole event and the pause after it
        List<RtpPacket> sent = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            sent.add(stream.frame(SPEECH));
        }

        // Then 5 updates and 3 end packets share one timestamp, durations grow, then audio resumes marked
        List<RtpPacket> events = sent.subList(0, 8);
        assertThat(events).allSatisfy(p -> {
            assertThat(p.payloadType()).isEqualTo(101);
            assertThat(p.timestamp()).isEqualTo(0xFFFF_FF00L);
            assertThat(DtmfEvent.parse(p.payload()).digit()).isEqualTo('5');
        });
        assertThat(events)
                .extracting(p -> DtmfEvent.parse(p.payload()).duration())
                .containsExactly(160, 320, 480, 640, 800, 800, 800, 800);
        assertThat(events)
                .extracting(p -> DtmfEvent.parse(p.payload()).end())
                .containsExactly(false, false, false, false, false, true, true, true);
        assertThat(events.get(0).marker()).isTrue();
        assertThat(sent.get(8).payloadType()).isZero();
        assertThat(sent.get(8).marker()).isTrue();
        assertThat(sent.get(9).marker()).isFalse();
        assertThat(sent.get(8).timestamp()).isEqualTo((0xFFFF_FF00L + 8 * 160) & 0xFFFF_FFFFL);
    }

    @Test
    void shouldRefuseCharactersThatAreNotDigits() {
        // Given a stream
        // When asked to play something that is not DTMF
        // Then nothing is queued and the caller hears why
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stream.queueDtmf("12x"))
                .hasMessageContaining("'x' is not a DTMF digit");
        assertThat(stream.frame(SPEECH).payloadType()).isZero();
    }
}
