package dev.voicebridge.gateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TalkBufferTest {

    private static short[] samples(int n, int value) {
        short[] s = new short[n];
        java.util.Arrays.fill(s, (short) value);
        return s;
    }

    @Test
    void shouldWaitForThePrebufferThenPlayTwentyMillisecondsATickAndPadTheLastFrame() {
        // Given a buffer with less than the prebuffer
        TalkBuffer buffer = new TalkBuffer();
        buffer.write(samples(TalkBuffer.PREBUFFER_SAMPLES - 1, 7));

        // Then nothing plays yet
        assertThat(buffer.read()).isNull();

        // When 41 more samples arrive / Then it plays in 160-sample frames, the last padded with silence
        buffer.write(samples(41, 7));
        for (int i = 0; i < 3; i++) {
            assertThat(buffer.read()).hasSize(160).containsOnly((short) 7);
        }
        short[] last = buffer.read();
        assertThat(last[39]).isEqualTo((short) 7);
        assertThat(last[40]).isZero();
        assertThat(last[159]).isZero();
        // and once dry it waits for the prebuffer again
        assertThat(buffer.read()).isNull();
        buffer.write(samples(160, 1));
        assertThat(buffer.read()).isNull();
    }

    @Test
    void shouldDropTheOldestSamplesBeyondItsCapacity() {
        // Given a full buffer of ones / When twos follow
        TalkBuffer buffer = new TalkBuffer();
        buffer.write(samples(TalkBuffer.CAPACITY_SAMPLES, 1));
        buffer.write(samples(160, 2));

        // Then the oldest 160 went and are counted; the twos come last
        assertThat(buffer.droppedSamples()).isEqualTo(160);
        short[] frame = null;
        for (int i = 0; i < TalkBuffer.CAPACITY_SAMPLES / 160; i++) {
            frame = buffer.read();
        }
        assertThat(frame).containsOnly((short) 2);
    }
}
