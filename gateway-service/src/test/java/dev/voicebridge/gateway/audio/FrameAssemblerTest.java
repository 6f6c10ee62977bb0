package dev.voicebridge.gateway.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private final FrameAssembler assembler = new FrameAssembler(AudioFormat.PCMU);
    private final List<byte[]> frames = new ArrayList<>();

    private static byte[] bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void shouldCutOtherPacketisationsInto20msFrames() {
        // Given a caller sending 30 ms packets (240 bytes)
        // When two arrive
        assembler.audio(bytes(240, 1), frames::add);
        assembler.audio(bytes(240, 2), frames::add);

        // Then three 20 ms frames come out, the middle one spanning both packets
        assertThat(frames).hasSize(3).allSatisfy(f -> assertThat(f).hasSize(160));
        assertThat(frames.get(1)[79]).isEqualTo((byte) 1);
        assertThat(frames.get(1)[80]).isEqualTo((byte) 2);
    }

    @Test
    void shouldRepeatTheLastFrameOnceThenFillSilence() {
        // Given one good frame
        assembler.audio(bytes(160, 5), frames::add);

        // When three packets are lost
        assembler.conceal(3, frames::add);

        // Then the first gap frame repeats the last audio and the rest are silence
        assertThat(frames).hasSize(4);
        assertThat(frames.get(1)).isEqualTo(bytes(160, 5));
        assertThat(frames.get(2)).isEqualTo(bytes(160, 0xFF));
        assertThat(frames.get(3)).isEqualTo(bytes(160, 0xFF));
    }

    @Test
    void shouldNotInventMoreThanASecondOfAudio() {
        // Given a long outage
        // When 500 packets are reported lost
        assembler.conceal(500, frames::add);

        // Then no more than the cap is filled
        assertThat(frames).hasSize(FrameAssembler.MAX_CONCEALED_FRAMES);
    }
}
