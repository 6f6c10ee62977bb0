package dev.voicebridge.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code bin/demo}: one phone call through VoiceBridge with no cloud account. Prints the call's
 * timeline and where the recording of what the caller heard is.
 *
 * <p>System properties: {@code demo.heard} (where to write the WAV, default
 * target/demo-call-heard.wav), {@code demo.verbose=true} (show the gateway's own logs),
 * {@code demo.console-wait} and {@code demo.console-linger} (seconds to look at the call in the
 * operator console before it starts and after it ended; 15 and 15).
 */
public final class DemoMain {

    private DemoMain() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        Path heard = Path.of(System.getProperty("demo.heard", "target/demo-call-heard.wav"))
                .toAbsolutePath();
        boolean verbose = Boolean.getBoolean("demo.verbose");
        out.println();
        out.println("VoiceBridge demo: one call through the gateway's WebSocket media endpoint");
        out.println(
                "The caller streams recorded speech in real time, asks a question, interrupts the answer, then hangs up.");
        out.println();
        try {
            DemoCall.ConsoleHold console = new DemoCall.ConsoleHold(
                    Duration.ofSeconds(Long.getLong("demo.console-wait", 15)),
                    Duration.ofSeconds(Long.getLong("demo.console-linger", 15)),
                    out);
            DemoCall.Outcome outcome = DemoCall.run(heard, !verbose, true, console);
            out.println("Gateway: " + outcome.gatewayDescription());
            out.println("Azure:   " + outcome.azureDescription());
            out.println();
            outcome.timeline().print(out);
            out.println();
            DemoCaller.Result r = outcome.caller();
            out.printf(
                    "The caller sent %.1f s of audio and heard %.1f s of assistant audio; barge-in flushed %d ms of queued audio.%n",
                    r.callerAudioBytes() / 8000.0, r.assistantMillis() / 1000.0, r.flushedMillis());
            if (outcome.azureSession() != null) {
                out.printf(
                        "Azure received %.1f s of caller audio.%n",
                        outcome.azureSession().inputAudioBytes() / 8000.0);
            }
            out.println("What the caller heard: " + outcome.heardWav());
            out.println();
        } catch (Exception e) {
            System.err.println("The demo call failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
        // Reactor and Netty leave non-daemon threads behind; the demo is done.
        System.exit(0);
    }
}
