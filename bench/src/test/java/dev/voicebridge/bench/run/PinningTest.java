package dev.voicebridge.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What -pin means on machines of different sizes, and how a bad CPU list is reported. */
class PinningTest {

    @Test
    void shouldGiveTheGatewayCpuZeroAndTheHarnessTheRestByDefault() {
        // Given -pin with no list, When the machine has 2 or 8 CPUs
        Pinning two = Pinning.of("true", 2);
        Pinning eight = Pinning.of("true", 8);

        // Then the gateway gets CPU 0 under taskset and the harness the others
        assertThat(two).isEqualTo(new Pinning("0", "1"));
        assertThat(eight).isEqualTo(new Pinning("0", "1-7"));
        assertThat(two.gatewayLauncher()).isEqualTo(List.of("taskset", "-c", "0"));
    }

    @Test
    void shouldTakeAnExplicitSplitAndNothingOnOneCpu() {
        // Given explicit lists, and a one-CPU machine, and no -pin at all
        assertThat(Pinning.of("0-1:2,3", 4)).isEqualTo(new Pinning("0-1", "2,3"));
        assertThat(Pinning.of("true", 1)).isNull();
        assertThat(Pinning.of(null, 8)).isNull();
    }

    @Test
    void shouldNameTheBadListInItsError() {
        // Given a list taskset would not take, When it is parsed, Then the error shows it and the expected form
        assertThatThrownBy(() -> Pinning.of("0;1", 2))
                .hasMessageContaining("'0;1'")
                .hasMessageContaining("0:1");
        assertThatThrownBy(() -> Pinning.of("a:1", 2)).hasMessageContaining("'a:1'");
    }
}
