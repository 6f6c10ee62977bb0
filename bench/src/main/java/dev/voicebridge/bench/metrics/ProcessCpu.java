package dev.voicebridge.bench.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat}: the same source and the same clock
 * ticks for the gateway and for the harness itself ({@code /proc/self}), so the two figures in a run
 * are comparable. User and kernel time are kept apart because a harness on loopback sockets spends a
 * large share in the kernel.
 */
public final class ProcessCpu {

    /** Linux's USER_HZ; 100 on every mainstream kernel build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Path stat;

    private ProcessCpu(Path stat) {
        this.stat = stat;
    }

    /** The bench JVM itself. */
    public static ProcessCpu self() {
        return new ProcessCpu(Path.of("/proc/self/stat"));
    }

    public static ProcessCpu of(long pid) {
        return new ProcessCpu(Path.of("/proc/" + pid + "/stat"));
    }

    /** CPU seconds so far, user and kernel; NaN in both once the process is gone or off Linux. */
    public record Sample(double userSeconds, double systemSeconds) {

        static final Sample NONE = new Sample(Double.NaN, Double.NaN);

        public double totalSeconds() {
            return userSeconds + systemSeconds;
        }

        /** CPU used since {@code earlier}. */
        public Sample since(Sample earlier) {
            return new Sample(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
        }
    }

    public Sample sample() {
        try {
            return parse(Files.readString(stat));
        } catch (IOException | RuntimeException e) {
            return Sample.NONE;
        }
    }

    public double seconds() {
        return sample().totalSeconds();
    }

    /** Fields 14 and 15 (utime, stime) counted after the command name, which may itself hold spaces. */
    static Sample parse(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new Sample(Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND);
    }
}
