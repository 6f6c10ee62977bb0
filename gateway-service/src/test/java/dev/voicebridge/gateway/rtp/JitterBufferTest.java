package dev.voicebridge.gateway.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.rtp.JitterBuffer.Playout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {

    private static final long MS = 1_000_000L;
    private final JitterBuffer buffer = new JitterBuffer(3, 60 * MS);

    private static RtpPacket packet(int seq, long ssrc) {
        return new RtpPacket(0, false, seq & 0xFFFF, seq * 160L, ssrc, new byte[] {(byte) seq});
    }

    /** Sequence numbers of released packets; a gap of n shows as -n. */
    private static List<Integer> seqs(List<Playout> out) {
        List<Integer> result = new ArrayList<>();
        for (Playout p : out) {
            switch (p) {
                case Playout.Packet(RtpPacket packet, boolean audio) -> result.add(packet.sequence());
                case Playout.Gap(int packets) -> result.add(-packets);
            }
        }
        return result;
    }

    private List<Integer> offer(long nowMs, int... sequences) {
        List<Playout> out = new ArrayList<>();
        for (int seq : sequences) {
            out.addAll(buffer.offer(packet(seq, 7), true, nowMs * MS));
        }
        return seqs(out);
    }

    @Test
    void shouldReleaseInOrderPacketsAtOnce() {
        // Given an empty buffer
        // When packets arrive in order
        // Then each is released immediately, with nothing held
        assertThat(offer(0, 10, 11, 12)).containsExactly(10, 11, 12);
        assertThat(buffer.isHolding()).isFalse();
    }

    @Test
    void shouldReorderPacketsThatSwapPlaces() {
        // Given packet 11 overtaken by 12
        offer(0, 10);

        // When 12 arrives before 11
        // Then 12 waits, and both come out in order when 11 arrives
        assertThat(offer(1, 12)).isEmpty();
        assertThat(offer(2, 11)).containsExactly(11, 12);
        assertThat(buffer.stats().reordered()).isEqualTo(1);
    }

    @Test
    void shouldDropLateAndDuplicatePackets() {
        // Given packets 10..12 already played
        offer(0, 10, 11, 12);

        // When 11 comes again and 14 arrives twice
        // Then the late one and the duplicate are dropped
        assertThat(offer(1, 11)).isEmpty();
        assertThat(offer(2, 14, 14)).isEmpty();
        assertThat(buffer.stats().late()).isEqualTo(1);
        assertThat(buffer.stats().duplicates()).isEqualTo(1);
    }

    @Test
    void shouldDeclareLossWhenTooManyPacketsWait() {
        // Given 11 is lost
        offer(0, 10);

        // When more packets arrive than the buffer holds (3)
        // Then the gap is reported and playback goes on
        assertThat(offer(1, 12, 13, 14)).isEmpty();
        assertThat(offer(2, 15)).containsExactly(-1, 12, 13, 14, 15);
        assertThat(buffer.stats().lost()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpOnAMissingPacketAfterTheHoldTime() {
        // Given 11 missing and 12 waiting since t=0
        offer(0, 10, 12);

        // When the timer fires before and after 60 ms
        // Then 12 is released only once it has waited 60 ms
        assertThat(seqs(buffer.flushDue(59 * MS))).isEmpty();
        assertThat(seqs(buffer.flushDue(60 * MS))).containsExactly(-1, 12);
    }

    @Test
    void shouldFollowSequenceNumbersAcrossTheWrap() {
        // Given the 16-bit sequence about to wrap
        // When 65534, 65535, 0, 1 arrive with 0 overtaking 65535
        // Then they come out in order
        assertThat(offer(0, 65534, 0, 65535, 1)).containsExactly(65534, 65535, 0, 1);
    }

    @Test
    void shouldResynchroniseOnANewSsrc() {
        // Given a stream that holds 12 waiting for 11
        offer(0, 10, 12);

        // When the sender restarts with a new SSRC and unrelated sequence numbers
        List<Playout> out = buffer.offer(packet(40000, 8), true, 1 * MS);

        // Then what was held is released first, then the new stream plays from its first packet
        assertThat(seqs(out)).containsExactly(-1, 12, 40000);
        assertThat(seqs(buffer.offer(packet(40001, 8), true, 2 * MS))).containsExactly(40001);
        assertThat(buffer.stats().resyncs()).isEqualTo(1);
    }

    @Test
    void shouldResynchroniseOnAHugeSequenceJump() {
        // Given a stream at 100
        offer(0, 100);

        // When the sequence jumps by more than the dropout limit (a sender restart without a new SSRC)
        // Then the new packet plays at once instead of being held or counted as thousands of losses
        assertThat(offer(1, 100 + 2 * JitterBuffer.MAX_DROPOUT)).containsExactly(100 + 2 * JitterBuffer.MAX_DROPOUT);
        assertThat(buffer.stats().lost()).isZero();
    }
}
