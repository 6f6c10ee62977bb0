package dev.voicebridge.gateway.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SourceLatchTest {

    private static InetSocketAddress at(String host, int port) {
        return new InetSocketAddress(host, port);
    }

    @Test
    void shouldLatchTheFirstSourceOnTheDeclaredAddressAndRefuseOtherPorts() {
        // Given an SDP naming 10.0.0.1:4000 and a caller whose NAT sends from port 5000
        SourceLatch latch = new SourceLatch(at("10.0.0.1", 4000));

        // When the first packet comes from 5000, then one from 6000 on the same host
        boolean first = latch.accepts(at("10.0.0.1", 5000));
        boolean other = latch.accepts(at("10.0.0.1", 6000));

        // Then the first source is heard and the second port is not
        assertThat(first).isTrue();
        assertThat(other).isFalse();
        assertThat(latch.accepts(at("10.0.0.1", 5000))).isTrue();
        assertThat(latch.latched()).isEqualTo(at("10.0.0.1", 5000));
    }

    @Test
    void shouldNeverHearAnotherAddress() {
        // Given a fresh latch
        SourceLatch latch = new SourceLatch(at("10.0.0.1", 4000));

        // When a stranger sends first
        // Then it is refused and does not latch
        assertThat(latch.accepts(at("10.0.0.2", 4000))).isFalse();
        assertThat(latch.latched()).isNull();
    }

    @Test
    void shouldLetTheDeclaredPortTakeOverFromAnEarlierIntruderOnce() {
        // Given an intruder on the caller's host that latched first
        SourceLatch latch = new SourceLatch(at("10.0.0.1", 4000));
        latch.accepts(at("10.0.0.1", 6666));

        // When the SDP's own port sends
        boolean declared = latch.accepts(at("10.0.0.1", 4000));

        // Then it takes the latch and the intruder is no longer heard
        assertThat(declared).isTrue();
        assertThat(latch.accepts(at("10.0.0.1", 6666))).isFalse();
        assertThat(latch.latched()).isEqualTo(at("10.0.0.1", 4000));
    }

    @Test
    void shouldRelatchWhenTheMediaMovesButKeepTheLatchOnHold() {
        // Given a latch on 10.0.0.1:5000
        SourceLatch latch = new SourceLatch(at("10.0.0.1", 4000));
        latch.accepts(at("10.0.0.1", 5000));

        // When a re-offer keeps the same media (hold/resume)
        latch.declare(at("10.0.0.1", 4000));
        // Then the latch stays
        assertThat(latch.accepts(at("10.0.0.1", 7000))).isFalse();

        // When a re-offer moves the media to 10.0.0.9:4100
        latch.declare(at("10.0.0.9", 4100));
        // Then the old source is gone and the first packet from the new address latches
        assertThat(latch.accepts(at("10.0.0.1", 5000))).isFalse();
        assertThat(latch.accepts(at("10.0.0.9", 4102))).isTrue();
        assertThat(latch.accepts(at("10.0.0.9", 4100))).isTrue();
        assertThat(latch.accepts(at("10.0.0.9", 4102))).isFalse();
    }
}
