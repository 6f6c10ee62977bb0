package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CidrAllowlistTest {

    @Test
    void shouldAllowOnlyAddressesInsideTheBlocks() throws Exception {
        // Given Chime-style IPv4 ranges and an IPv6 block
        CidrAllowlist list = CidrAllowlist.of(List.of("3.80.16.0/23", "99.77.253.0/24", "2600:1f18::/36"));

        // When addresses are checked
        // Then only those inside a block pass, IPv4 and IPv6 alike
        assertThat(list.allows(InetAddress.getByName("3.80.17.255"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("3.80.18.0"))).isFalse();
        assertThat(list.allows("99.77.253.9")).isTrue();
        assertThat(list.allows(InetAddress.getByName("2600:1f18:0fff::1"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("2600:1f18:1000::1"))).isFalse();
        assertThat(list.allows("evil.example.com")).isFalse();
    }

    @Test
    void shouldAllowEverythingWhenEmpty() throws Exception {
        // Given no blocks
        CidrAllowlist list = CidrAllowlist.of(List.of());

        // When any address is checked
        // Then it passes (start-up warns about it)
        assertThat(list.allowsAll()).isTrue();
        assertThat(list.allows(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @Test
    void shouldNameTheBadBlock() {
        // Given blocks with mistakes
        // When parsed
        // Then the error names the offending entry
        assertThatThrownBy(() -> CidrAllowlist.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> CidrAllowlist.of(List.of("chime.aws/24"))).hasMessageContaining("chime.aws/24");
        assertThatThrownBy(() -> CidrAllowlist.of(List.of("10.0.0.0/x"))).hasMessageContaining("not a number");
    }
}
