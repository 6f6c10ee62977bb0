package dev.voicebridge.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The book counts caller frames that reached Azure once each. The gateway conceals a lost RTP
 * packet by repeating the frame before it, so Azure can see a stamp twice; counting the copy would
 * hide the loss and add a late latency sample.
 */
class CallBookTest {

    @Test
    void shouldCountARepeatedFrameOnceAndStillSeeTheLossItConcealed() {
        // Given frames 0-4 sent, frame 2 lost and concealed by a copy of frame 1
        CallBook book = new CallBook();
        boolean[] fresh = {
            book.seenUp(0, 1_000),
            book.seenUp(1, 21_000),
            book.seenUp(1, 41_000),
            book.seenUp(3, 61_000),
            book.seenUp(4, 81_000)
        };

        // Then the copy is not new, and frame 2 is counted lost
        assertThat(fresh).containsExactly(true, true, false, true, true);
        assertThat(book.upSeenCount()).isEqualTo(4);
        assertThat(book.upLost(4)).isEqualTo(1);
    }
}
