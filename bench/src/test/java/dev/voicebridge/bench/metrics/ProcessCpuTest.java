package dev.voicebridge.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CPU figures of both JVMs come from /proc/&lt;pid&gt;/stat; the command name must not confuse the fields. */
class ProcessCpuTest {

    @Test
    void shouldReadUserAndKernelTimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
        // Given a stat line whose command is "(my (java) app)" with utime 1234 and stime 567 ticks
        String stat = "4242 (my (java) app) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 31 0 100 0 0";

        // When it is parsed
        ProcessCpu.Sample s = ProcessCpu.parse(stat);

        // Then the times are in seconds, split user / kernel
        assertThat(s.userSeconds()).isEqualTo(12.34);
        assertThat(s.systemSeconds()).isEqualTo(5.67);
        assertThat(s.totalSeconds()).isEqualTo(18.01, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldSeeItsOwnProcessUseCpu() {
        // Given this JVM, When it samples itself twice around some work
        ProcessCpu self = ProcessCpu.self();
        ProcessCpu.Sample before = self.sample();
        long x = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            x += i ^ (x >>> 3);
        }
        ProcessCpu.Sample used = self.sample().since(before);

        // Then the work shows as CPU time (and the figure is a number, not NaN)
        assertThat(used.totalSeconds()).as("work result %d", x).isPositive();
    }
}
